import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';
import { SANDBOX_MSP_COMPANY } from '../src/sandbox/sandbox-alert-loop.js';
import { runKillSwitchDrill } from '../src/scheduler/kill-switch-drill.js';
import { listOperatorAlerts } from '../src/scheduler/operator-alerts.js';
import { runSelfCheck } from '../src/scheduler/self-check.js';
import { sweepApprovals, sweepStuckRuns } from '../src/scheduler/sweeps.js';
import { RUN_OWNER_LEASE_MS } from '../src/engine/run-owner.js';
import { admin, createTicket, runsFor, setMailboxCalls, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

/** A clock the test moves by hand: the engine, the outbox and the sweeps all read it. */
function manualClock(start: string) {
  let now = new Date(start);
  return { clock: () => now, advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
}

const runtimeFor = (s: Sandbox) => ({ env: { ...process.env, ...SANDBOX_SECRETS }, log: createLogger({ level: 'silent' }), kv: s.app.store });

describe('approval expiry over real HTTP, with a controllable clock', () => {
  it('an unanswered approval expires after approvalTtlMinutes: the run escalates, the approval is marked expired', async () => {
    // Starts at the real time: the store stamps outbox items with the wall clock, and they must be due.
    const time = manualClock(new Date().toISOString());
    sb = await testSandbox({ clock: time.clock, configure: (c) => ({ ...c, approvalTtlMinutes: 30 }) });
    // Alex is at the client's ceiling: raising the quota needs a person.
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'alex.wilber@contoso.example' });
    await settle(sb);
    const [waiting] = await runsFor(sb, id);
    expect(waiting?.state).toBe('awaiting_approval');

    time.advance(29 * 60_000);
    expect(await sweepApprovals(sb.app.store, sb.app.queue, time.clock())).toBe(0);
    await settle(sb);
    expect((await runsFor(sb, id))[0]?.state).toBe('awaiting_approval');

    time.advance(2 * 60_000);
    // The sweep (or the instance's own cron tick reading the same clock) pushes the run once.
    await sweepApprovals(sb.app.store, sb.app.queue, time.clock());
    await settle(sb);
    const [done] = await runsFor(sb, id);
    expect(done?.state).toBe('escalated');
    expect(done?.escalationReason).toBe('approval_expired');
    expect((await sb.app.store.getApproval(done!.approvalId!))?.status).toBe('expired');
    expect(await statusOf(sb, id)).toBe('Escalated');
    expect(sb.m365.mailbox('alex.wilber@contoso.example')!.quotaGB).toBe(80);
  });
});

describe('stuck-run reconciliation over real HTTP, with a controllable clock', () => {
  it('a run whose worker died is resumed once it has not moved for longer than the owner lease, and finishes once', async () => {
    const time = manualClock(new Date().toISOString());
    sb = await testSandbox({ history: false, clock: time.clock });
    // A ticket whose run was created by an instance that died before driving it.
    const ticket = sb.connectwise.createTicket({ summary: 'My mailbox is full', company: { id: 250 }, board: { id: 1 }, contactEmailAddress: 'megan.bowen@contoso.example' }, { by: 'ticketfix' });
    const at = time.clock().toISOString();
    await sb.app.store.createRun({
      id: 'run-of-a-dead-worker', signalId: 'sig-dead', installationId: 'sandbox-cw', psa: 'connectwise', ticketId: String(ticket.id), clientId: null, remediationId: null, state: 'received', dryRun: false,
      classification: null, plan: null, claimKey: null, approvalId: null, escalationReason: null, detail: null, actedAt: null, validation: null, createdAt: at, updatedAt: at, version: 0,
    });

    time.advance(10_000);
    expect(await sweepStuckRuns(sb.app.store, sb.app.queue, time.clock(), RUN_OWNER_LEASE_MS)).toBe(0);
    await settle(sb);
    expect((await sb.app.store.getRun('run-of-a-dead-worker'))?.state).toBe('received');

    time.advance(RUN_OWNER_LEASE_MS);
    await sweepStuckRuns(sb.app.store, sb.app.queue, time.clock(), RUN_OWNER_LEASE_MS);
    await settle(sb);
    expect((await sb.app.store.getRun('run-of-a-dead-worker'))?.state).toBe('resolved');
    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(60);
    expect(setMailboxCalls(sb, 'megan.bowen@contoso.example')).toHaveLength(1);
    expect(await sweepStuckRuns(sb.app.store, sb.app.queue, time.clock(), RUN_OWNER_LEASE_MS)).toBe(0);
  });
});

describe('periodic self-check of every enabled remediation for every client', () => {
  it('passes with read-only calls only: no PSA write, no tenant change', async () => {
    sb = await testSandbox();
    await settle(sb);
    const cwBefore = sb.connectwise.calls.length;
    const m365Before = sb.m365.calls.length;
    const results = await runSelfCheck(sb.app.deps, { now: new Date(), psaRuntime: runtimeFor(sb) });

    // Every enabled remediation for every client (the catalogue grows; mailbox-quota is always there).
    expect(results.length).toBe(2 * sb.app.deps.remediations.length);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const quota = results.filter((r) => r.remediationId === 'mailbox-quota');
    expect(quota.map((r) => r.clientId)).toEqual(['contoso', 'fabrikam']);
    expect(quota[0]!.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['psa:sandbox-cw', 'm365:graph', 'm365:exchange']));
    expect(sb.connectwise.calls.slice(cwBefore).every((c) => c.method === 'GET')).toBe(true);
    const tenantCalls = sb.m365.calls.slice(m365Before);
    expect(tenantCalls.filter((c) => c.cmdlet !== undefined && !/^Get-/.test(c.cmdlet))).toEqual([]);
    expect(await listOperatorAlerts(sb.app.store)).toEqual([]);
    expect((await sb.app.store.queryAudit({ type: 'self_check.completed' })).at(-1)?.outcome).toBe('passed');
    const last = await admin<{ results: { ok: boolean }[] }>(sb, 'GET', '/operations/self-check');
    expect(last.body.results).toHaveLength(results.length);
  });

  it('the monthly drill result is listed by the admin API; an unauthenticated caller gets nothing', async () => {
    sb = await testSandbox({ history: false });
    expect((await admin<{ drills: unknown[] }>(sb, 'GET', '/operations/drills')).body.drills).toEqual([]);
    await runKillSwitchDrill(sb.app.store, new Date());
    const drills = await admin<{ drills: { outcome: string; steps: { step: string }[] }[] }>(sb, 'GET', '/operations/drills');
    expect(drills.body.drills).toHaveLength(1);
    expect(drills.body.drills[0]).toMatchObject({ outcome: 'passed' });
    expect(drills.body.drills[0]!.steps.map((x) => x.step)).toEqual(['engage', 'refused-while-engaged', 'allowed-after-release']);
    expect((await fetch(`${sb.app.url}/admin/operations/alerts`)).status).toBe(401);
  });

  it('a tenant that refuses the app raises an operator alert for that client only, visible through the admin API', async () => {
    sb = await testSandbox();
    const contoso = sb.world.companies.find((c) => c.clientId === 'contoso')!.tenantId;
    sb.m365.faults.failNext(20, { system: 'exchange', tenantId: contoso, status: 403 });
    const results = await runSelfCheck(sb.app.deps, { now: new Date(), psaRuntime: runtimeFor(sb) });
    sb.m365.faults.clear();

    const find = (clientId: string) => results.find((r) => r.clientId === clientId && r.remediationId === 'mailbox-quota');
    expect(find('contoso')?.ok).toBe(false);
    expect(find('fabrikam')?.ok).toBe(true);
    expect(results.filter((r) => r.clientId === 'fabrikam' && !r.ok)).toEqual([]);
    const alerts = await admin<{ alerts: { kind: string; clientId: string; remediationId: string; message: string }[] }>(sb, 'GET', '/operations/alerts');
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts.length).toBe(results.filter((r) => !r.ok).length);
    expect(alerts.body.alerts.every((a) => a.kind === 'self_check_failed' && a.clientId === 'contoso')).toBe(true);
    const quotaAlert = alerts.body.alerts.find((a) => a.remediationId === 'mailbox-quota');
    expect(quotaAlert?.message).toContain('m365:exchange');
    expect((await admin(sb, 'GET', '/operations/alerts?kind=nonsense')).status).toBe(400);
    expect(JSON.stringify(alerts.body)).not.toContain(SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET);
    expect((await sb.app.store.queryAudit({ type: 'self_check.completed' })).at(-1)?.outcome).toBe('failed');
  });

  it("with an operator target, a failing check opens one ticket a day on the MSP's own company, not one per pass", async () => {
    sb = await testSandbox({ history: false });
    const contoso = sb.world.companies.find((c) => c.clientId === 'contoso')!.tenantId;
    // The MSP's own company on the PSA (mapped to no client).
    const operatorTicket = { psaInstallationId: 'sandbox-cw', companyId: String(SANDBOX_MSP_COMPANY.id) };
    const now = new Date();
    sb.m365.faults.failNext(40, { system: 'exchange', tenantId: contoso, status: 403 });
    await runSelfCheck(sb.app.deps, { now, psaRuntime: runtimeFor(sb), operatorTicket });
    // The next pass (same day: the marker is per day, and a test near midnight must not flake).
    await runSelfCheck(sb.app.deps, { now, psaRuntime: runtimeFor(sb), operatorTicket });
    sb.m365.faults.clear();

    const opened = sb.connectwise.state.tickets.filter((t) => t.company.id === SANDBOX_MSP_COMPANY.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.summary).toMatch(/^ticketfix self-check: \d+ remediation\(s\) cannot run \[tfx-o-[0-9a-f]{12}\]$/);
    const completed = await sb.app.store.queryAudit({ type: 'self_check.completed' });
    expect(completed.map((e) => (e.data.operatorTicket as { created: boolean }).created)).toEqual([true, false]);
  });
});
