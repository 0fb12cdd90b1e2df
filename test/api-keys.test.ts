import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiKey, generateApiKey, hashSecret, parseApiKey, verifyApiKey } from '../src/auth/api-keys.js';
import { roleAllows } from '../src/auth/roles.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { STORE_FILE_NAME } from '../src/store/open-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { bearer, call } from './support/admin-api-kit.js';
import { testSandbox } from './support/sandbox-kit.js';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/ticketfix.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const NOW = new Date('2030-01-01T00:00:00.000Z');

describe('API keys', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const memoryStore = () => {
    const s = new SqliteStore({ file: ':memory:' });
    stores.push(s);
    return s;
  };

  it('look like tfx_<id>_<secret>; the record holds the sha256 of the secret, never the secret', () => {
    const { key, record } = generateApiKey('ops', 'viewer', NOW);
    const parsed = parseApiKey(key)!;
    expect(parsed.id).toBe(record.id);
    expect(record.secretHash).toBe(hashSecret(parsed.secret));
    expect(JSON.stringify(record)).not.toContain(parsed.secret);
  });

  it('resolve to their holder; a wrong secret, an unknown id, a revoked key or a malformed string do not', async () => {
    const store = memoryStore();
    const made = await createApiKey(store, 'alice', 'approver', 'test', NOW);
    expect(await verifyApiKey(store, made.key, NOW)).toEqual({ keyId: made.record.id, name: 'alice', role: 'approver' });
    const wrong = made.key.slice(0, -1) + (made.key.endsWith('0') ? '1' : '0');
    expect(await verifyApiKey(store, wrong, NOW)).toBeNull();
    expect(await verifyApiKey(store, made.key.replace(made.record.id, '0'.repeat(12)), NOW)).toBeNull();
    for (const bad of ['', 'tfx_', `tfx_${made.record.id}`, made.key + 'x', made.key.toUpperCase(), ` ${made.key}`]) expect(await verifyApiKey(store, bad, NOW)).toBeNull();
    await store.revokeApiKey(made.record.id, NOW.toISOString());
    expect(await verifyApiKey(store, made.key, NOW)).toBeNull();
  });

  it('creation and revocation are audited with who did it, without the secret', async () => {
    const store = memoryStore();
    const made = await createApiKey(store, 'bob', 'admin', 'key:abc (root)', NOW);
    const events = await store.queryAudit({ type: 'api_key.created' });
    expect(events).toMatchObject([{ actor: 'key:abc (root)', data: { keyId: made.record.id, name: 'bob', role: 'admin' } }]);
    expect(JSON.stringify(events)).not.toContain(parseApiKey(made.key)!.secret);
  });

  it('roles are ordered viewer < approver < admin', () => {
    expect([roleAllows('viewer', 'approver'), roleAllows('approver', 'approver'), roleAllows('admin', 'approver'), roleAllows('approver', 'admin')]).toEqual([false, true, true, false]);
  });
});

describe('ticketfix keys (CLI) against a running server on the same store', () => {
  vi.setConfig({ testTimeout: 180_000 });
  let sb: Sandbox | undefined;
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
  });

  it('creates a key (printed once), lists it without its secret, and revokes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tfx-keys-'));
    sb = await testSandbox({ dataDir });
    const created = await cli(['keys', 'create', '--name', 'carol', '--role', 'approver', '--by', 'lead', '--data-dir', dataDir]);
    expect(created.code, created.stderr).toBe(0);
    const { key, apiKey } = JSON.parse(created.stdout) as { key: string; apiKey: { id: string; role: string } };
    expect(apiKey.role).toBe('approver');
    const me = await call(sb, 'GET', '/whoami', bearer(key));
    expect(me).toMatchObject({ status: 200, body: { keyId: apiKey.id, name: 'carol', role: 'approver' } });
    expect((await call(sb, 'POST', '/kill-switch', bearer(key), { scope: 'global', engaged: true })).status).toBe(403);

    const listed = await cli(['keys', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toContain(apiKey.id);
    expect(listed.stdout).not.toContain(parseApiKey(key)!.secret);
    expect(readFileSync(join(dataDir, STORE_FILE_NAME)).includes(parseApiKey(key)!.secret)).toBe(false);

    const revoked = await cli(['keys', 'revoke', apiKey.id, '--data-dir', dataDir]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await call(sb, 'GET', '/whoami', bearer(key))).status).toBe(401);
    const twice = await cli(['keys', 'revoke', apiKey.id, '--data-dir', dataDir]);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('already revoked');
  });

  it('refuses an unknown role with a clear error and creates nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tfx-keys-'));
    const bad = await cli(['keys', 'create', '--name', 'x', '--role', 'root', '--data-dir', dataDir]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--role must be one of viewer, approver, admin');
    const listed = await cli(['keys', 'list', '--data-dir', dataDir]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
