import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { admin, createTicket, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

// The CLI call is a fresh Node process compiling TypeScript: slow on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/ticketfix.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

interface Label { runId: string; label: string; note: string | null; by: string }

describe('an operator labels a run right or wrong', () => {
  it('through the admin API and the CLI, audited, the latest label winning', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tfx-labels-'));
    sb = await testSandbox({ dataDir });
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    const [run] = await runsFor(sb, id);

    expect(await admin(sb, 'GET', `/runs/${run!.id}/label`)).toEqual({ status: 200, body: { label: null } });
    const set = await admin<{ label: Label }>(sb, 'POST', `/runs/${run!.id}/label`, { label: 'right', note: 'quota was the problem' });
    expect(set.status).toBe(200);
    expect(set.body.label).toMatchObject({ runId: run!.id, label: 'right', note: 'quota was the problem' });
    expect((await admin(sb, 'POST', `/runs/${run!.id}/label`, { label: 'maybe' })).status).toBe(400);
    expect((await admin(sb, 'POST', '/runs/no-such-run/label', { label: 'wrong' })).status).toBe(404);

    const out = await cli(['runs', 'label', run!.id, 'wrong', '--note', 'the user had an archive problem', '--by', 'carol', '--data-dir', dataDir]);
    expect(out.code, out.stderr).toBe(0);
    const now = await admin<{ label: Label }>(sb, 'GET', `/runs/${run!.id}/label`);
    expect(now.body.label).toMatchObject({ label: 'wrong', note: 'the user had an archive problem', by: 'cli:carol' });
    expect((await cli(['runs', 'label', run!.id, 'perhaps', '--data-dir', dataDir])).code).not.toBe(0);

    const events = await sb.app.store.queryAudit({ runId: run!.id, type: 'run.labelled' });
    expect(events.map((e) => [e.outcome, e.actor])).toEqual([
      ['right', 'key:bootstrap (admin token)'],
      ['wrong', 'cli:carol'],
    ]);
  });
});
