import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { STORE_FILE_NAME } from '../src/store/open-store.js';
import { createTicket, settle, testSandbox } from './support/sandbox-kit.js';

function cli(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/ticketfix.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

// Each CLI call is a fresh Node process compiling TypeScript: slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('ticketfix CLI', () => {
  it('approves a pending approval; the running server then acts on it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tfx-cli-'));
    sb = await testSandbox({ dataDir });
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'alex.wilber@contoso.example' });
    await settle(sb);
    const list = await cli(['approvals', 'list', '--data-dir', dataDir]);
    expect(list.code).toBe(0);
    const [pending] = JSON.parse(list.stdout) as { id: string; ticketId: string; planHash: string }[];
    expect(pending!.ticketId).toBe(String(id));
    const blind = await cli(['approvals', 'approve', pending!.id, '--by', 'carol', '--data-dir', dataDir]);
    expect(blind.code).not.toBe(0);
    expect(blind.stderr).toContain('--plan');
    const approved = await cli(['approvals', 'approve', pending!.id, '--by', 'carol', '--plan', pending!.planHash, '--data-dir', dataDir]);
    expect(approved.code).toBe(0);
    const twice = await cli(['approvals', 'deny', pending!.id, '--plan', pending!.planHash, '--data-dir', dataDir]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already approved');
    // The scheduler sweeps decided approvals every second.
    for (let i = 0; i < 50 && sb.m365.mailbox('alex.wilber@contoso.example')!.quotaGB !== 90; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await settle(sb);
    }
    expect(sb.m365.mailbox('alex.wilber@contoso.example')!.quotaGB).toBe(90);
  });

  it('engages, reports and releases kill switches by scope', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tfx-cli-'));
    expect((await cli(['kill-switch', 'on', '--client', 'contoso', '--reason', 'maintenance', '--data-dir', dataDir])).code).toBe(0);
    const status = JSON.parse((await cli(['kill-switch', 'status', '--data-dir', dataDir])).stdout) as { scope: unknown; engaged: boolean; reason: string }[];
    expect(status).toEqual([expect.objectContaining({ scope: { kind: 'client', id: 'contoso' }, engaged: true, reason: 'maintenance' })]);
    await cli(['kill-switch', 'off', '--client', 'contoso', '--data-dir', dataDir]);
    const after = JSON.parse((await cli(['kill-switch', 'status', '--data-dir', dataDir])).stdout) as { engaged: boolean }[];
    expect(after[0]!.engaged).toBe(false);
    await cli(['kill-switch', 'on', '--client', 'contoso', '--remediation', 'mailbox-quota', '--data-dir', dataDir]);
    const scoped = JSON.parse((await cli(['kill-switch', 'status', '--data-dir', dataDir])).stdout) as { scope: unknown; engaged: boolean }[];
    expect(scoped).toContainEqual(expect.objectContaining({ scope: { kind: 'client-remediation', clientId: 'contoso', id: 'mailbox-quota' }, engaged: true }));
  });

  it('audit verify passes on an intact trail and fails (exit 1) on an edited event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tfx-cli-'));
    await cli(['kill-switch', 'on', '--data-dir', dataDir]);
    await cli(['kill-switch', 'off', '--data-dir', dataDir]);
    const ok = await cli(['audit', 'verify', '--data-dir', dataDir]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, checked: 2 });
    const query = JSON.parse((await cli(['audit', '--data-dir', dataDir])).stdout) as { type: string; actor: string }[];
    expect(query.map((e) => e.type)).toEqual(['kill_switch.set', 'kill_switch.set']);

    const db = new Database(join(dataDir, STORE_FILE_NAME));
    // The table refuses edits through triggers; a determined attacker drops them first.
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${t.name}"`);
    db.prepare("UPDATE audit SET actor = 'someone-else' WHERE seq = 1").run();
    db.close();
    const bad = await cli(['audit', 'verify', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('dry-run prints the plan for a ticket and changes nothing', async () => {
    sb = await testSandbox();
    const ticket = JSON.stringify({ summary: 'mailbox full', companyId: '250', contactEmail: 'megan.bowen@contoso.example' });
    const out = await cli(['dry-run', '-', '--sandbox-url', sb.urls.origin, '--data-dir', mkdtempSync(join(tmpdir(), 'tfx-cli-'))], {}, ticket);
    expect(out.code).toBe(0);
    const preview = JSON.parse(out.stdout) as { outcome: string; plan: { summary: string; calls: { body: unknown }[] } };
    expect(preview.outcome).toBe('would_act');
    expect(preview.plan.summary).toContain('from 50 GB to 60 GB');
    expect(sb.m365.calls.filter((c) => c.cmdlet === 'Set-Mailbox')).toHaveLength(0);
    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(50);
  });

  it('serve with a broken config names the file, the field and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfx-cli-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'installations: []\nclients: []\n');
    const out = await cli(['serve', '--config', file]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(file);
    expect(out.stderr).toMatch(/installations: Too small/i);
  });
});

describe('ticketfix install / doctor / uninstall against the running sandbox', () => {
  it('install twice registers once; doctor passes; uninstall removes it and doctor says what is missing', async () => {
    sb = await testSandbox();
    const args = ['--psa', 'connectwise', '--sandbox-url', sb.urls.origin, '--data-dir', mkdtempSync(join(tmpdir(), 'tfx-cli-'))];
    const first = await cli(['install', ...args]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('already registered'); // the sandbox registered it at start
    await cli(['install', ...args]);
    expect(sb.connectwise.state.callbacks.filter((c) => c.url.endsWith('/webhooks/connectwise/sandbox-cw'))).toHaveLength(1);

    const healthy = await cli(['doctor', ...args]);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).not.toContain('FAIL');

    const removed = await cli(['uninstall', ...args]);
    expect(removed.stdout).toContain('removed 1 registration');
    const broken = await cli(['doctor', ...args]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/FAIL ticket callback registered: no callback points at .*run 'ticketfix install --psa connectwise'/);
  });

  it('says which installations exist when none matches', async () => {
    const out = await cli(['doctor', '--installation', 'nobody', '--sandbox-url', 'http://127.0.0.1:1']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/no installation matches --installation nobody \(configured: sandbox-cw \(connectwise\), sandbox-halo \(halopsa\)/);
  });
});
