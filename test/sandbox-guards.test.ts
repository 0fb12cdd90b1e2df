import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.js';
import { SANDBOX_STORE_MARKER } from '../src/sandbox/sandbox-store.js';
import { startSandbox, type Sandbox } from '../src/sandbox/start-sandbox.js';
import { openStore } from '../src/store/open-store.js';
import { createTicket, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

vi.setConfig({ testTimeout: 120_000 });

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `tfx-${name}-`));

/** GET with an explicit Host header (fetch would not let a page choose one; a rebinding page's browser does). */
function getWithHost(origin: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve is for real installs only', () => {
  it('serve without a config refuses, points at the sandbox, and writes nothing', async () => {
    const dataDir = tempDir('serve-data');
    const out = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0' };
      delete env.TICKETFIX_CONFIG;
      execFile(process.execPath, ['bin/ticketfix.js', 'serve'], { env, timeout: 60_000 }, (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }));
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('serve needs a config file (--config <file> or $TICKETFIX_CONFIG); to try ticketfix on simulated systems, run `ticketfix sandbox` (npm start)');
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('the sandbox never runs against a real install', () => {
  it('refuses a data folder holding a real install’s store, and leaves it as it was', async () => {
    const dataDir = tempDir('real-install');
    const real = await openStore({ dataDir });
    const made = await createApiKey(real, 'ops', 'admin', 'operator', new Date('2026-01-01T00:00:00Z'));
    await real.close();
    await expect(startSandbox({ port: 0, dataDir, history: false })).rejects.toThrow(`${dataDir} holds a real install's data; the sandbox never runs against it (use an empty folder)`);
    const after = await openStore({ dataDir });
    expect((await after.listApiKeys()).map((k) => k.id)).toEqual([made.record.id]);
    expect(await after.getKv(SANDBOX_STORE_MARKER)).toBeNull();
    await after.close();
  });

  it('refuses to start while REDIS_URL is set, before listening or touching any store', async () => {
    const dataDir = join(tempDir('redis-env'), 'data');
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    try {
      await expect(startSandbox({ port: 0, dataDir, history: false })).rejects.toThrow('REDIS_URL is set: the sandbox never runs against a shared store (unset it)');
    } finally {
      delete process.env.REDIS_URL;
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('answers only to the loopback names it listens on: a rebinding Host gets 421 and no demo keys', async () => {
    sb = await testSandbox({ history: false });
    const port = new URL(sb.urls.origin).port;
    const rebound = await getWithHost(sb.urls.origin, '/sandbox', `attacker.example:${port}`);
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain(sb.demoKeys.admin);
    expect(rebound.body).not.toContain(sb.app.adminToken);
    expect((await getWithHost(sb.urls.origin, '/admin/runs', `127.0.0.1.attacker.example:${port}`)).status).toBe(421);
    expect((await getWithHost(sb.urls.origin, '/sim/connectwise/v4_6_release/apis/3.0/system/info', `attacker.example:${port}`)).status).toBe(421);
    expect((await getWithHost(sb.urls.origin, '/sandbox', `localhost:${port}`)).status).toBe(200);
    const own = await getWithHost(sb.urls.origin, '/sandbox', `127.0.0.1:${port}`);
    expect(own.status).toBe(200);
    expect(own.body).toContain(sb.demoKeys.admin);
  });
});

describe('a restarted sandbox starts on fresh data (its simulators start fresh too)', () => {
  it('old runs are gone, ticket ids are not confused, and demo keys do not pile up', async () => {
    const dataDir = tempDir('restart');
    sb = await startSandbox({ port: 0, dataDir, history: false });
    const first = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    expect((await runsFor(sb, first)).map((r) => r.state)).toEqual(['resolved']);
    await sb.close();

    sb = await startSandbox({ port: 0, dataDir, history: false });
    // The simulator hands out the same ticket id again: the store must not hold the old run for it.
    const second = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    expect(second).toBe(first);
    await settle(sb);
    // One run: this start's (an old run for the same id would have made two, or stopped this one as a repeat).
    expect((await runsFor(sb, second)).map((r) => r.state)).toEqual(['resolved']);
    expect((await sb.app.store.listApiKeys()).map((k) => k.name).sort()).toEqual(['sandbox-admin', 'sandbox-approver', 'sandbox-viewer']);
  });
});
