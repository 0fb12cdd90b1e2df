import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { Approval } from '../src/store/store.js';
import { admin, createTicket, notesOf, runsFor, setMailboxCalls, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const MEGAN = 'megan.bowen@contoso.example';
const ALEX = 'alex.wilber@contoso.example';
const DIEGO = 'diego.siciliani@fabrikam.example';
const FULL = 'My mailbox is full, I cannot send email';

/** Decides an approval naming the plan it was asked for, as every caller must. */
async function decide<T = unknown>(s: Sandbox, approvalId: string, verb: 'approve' | 'deny', body: { by?: string } = {}) {
  const planHash = (await s.app.store.getApproval(approvalId))!.planHash;
  return admin<T>(s, 'POST', `/approvals/${approvalId}/${verb}`, { ...body, planHash });
}

async function onlyRun(id: number) {
  const runs = await runsFor(sb!, id);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe('dry-run', () => {
  it('performs every step but the change, records the exact request, and writes nothing anywhere', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, dryRun: true }) });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.state).toBe('dry_run');
    expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(50);
    expect(setMailboxCalls(sb)).toHaveLength(0);
    expect(await notesOf(sb, id)).toHaveLength(0);
    expect(await statusOf(sb, id)).toBe('New');
    const [event] = await sb.app.store.queryAudit({ runId: run.id, type: 'dry_run' });
    const wouldSend = event!.data.wouldSend as { body: { CmdletInput: { CmdletName: string; Parameters: Record<string, string> } } }[];
    expect(wouldSend[0]!.body.CmdletInput).toEqual({ CmdletName: 'Set-Mailbox', Parameters: { Identity: MEGAN, ProhibitSendReceiveQuota: '60GB', ProhibitSendQuota: '59.5GB', IssueWarningQuota: '59GB' } });
  });

  it('can be set per client: the other client still acts', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, dryRun: true } : cl)) }) });
    const a = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    const b = await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 251 });
    await settle(sb);
    expect((await onlyRun(a)).state).toBe('dry_run');
    expect((await onlyRun(b)).state).toBe('resolved');
    expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(50);
    expect(sb.m365.mailbox(DIEGO)!.quotaGB).toBe(60);
  });
});

describe('approval gate', () => {
  it('waits above the ceiling with a pending-approval note, then acts on approval', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.state).toBe('awaiting_approval');
    expect(setMailboxCalls(sb)).toHaveLength(0);
    expect(await statusOf(sb, id)).toBe('Waiting Approval');
    const note = (await notesOf(sb, id)).find((n) => n.internalAnalysisFlag);
    expect(note?.text).toContain("above the client's ceiling of 80 GB");
    expect(note?.text).toContain(run.approvalId!);

    const decided = await decide<{ approval: Approval }>(sb, run.approvalId!, 'approve', { by: 'alice' });
    expect(decided.status).toBe(200);
    await settle(sb);
    expect((await sb.app.store.getRun(run.id))!.state).toBe('resolved');
    expect(sb.m365.mailbox(ALEX)!.quotaGB).toBe(90);
    expect(await statusOf(sb, id)).toBe('Resolved');
    const approvedBy = await sb.app.store.queryAudit({ runId: run.id, type: 'approval.approved' });
    // The bootstrap token's `by: 'alice'` is ignored: the actor is always the credential.
    expect(approvedBy[0]!.actor).toBe('key:bootstrap (admin token)');
  });

  it('voids the approval when the plan changed before it was used, and asks again', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    await settle(sb);
    const run = await onlyRun(id);
    // Someone raised the quota by hand meanwhile: the approved plan (80 -> 90) is no longer the plan.
    sb.m365.setMailbox(ALEX, { quotaGB: 85, usedGB: 84 });
    await decide(sb, run.approvalId!, 'approve', { by: 'alice' });
    await settle(sb);
    const after = (await sb.app.store.getRun(run.id))!;
    expect(after.state).toBe('awaiting_approval');
    expect(after.approvalId).not.toBe(run.approvalId);
    expect((await sb.app.store.getApproval(run.approvalId!))!.status).toBe('voided');
    expect(setMailboxCalls(sb)).toHaveLength(0);
    expect(sb.m365.mailbox(ALEX)!.quotaGB).toBe(85);
    expect((await notesOf(sb, id)).filter((n) => n.internalAnalysisFlag).at(-1)?.text).toContain('the plan changed after approval');
  });

  it('escalates on denial without changing anything, and refuses a second decision', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    await settle(sb);
    const run = await onlyRun(id);
    await decide(sb, run.approvalId!, 'deny', { by: 'bob' });
    const again = await decide(sb, run.approvalId!, 'approve', { by: 'mallory' });
    expect(again.status).toBe(409);
    await settle(sb);
    const after = (await sb.app.store.getRun(run.id))!;
    expect(after.state).toBe('escalated');
    expect(after.escalationReason).toBe('approval_denied');
    expect(setMailboxCalls(sb)).toHaveLength(0);
    expect(await statusOf(sb, id)).toBe('Escalated');
  });
});

describe('kill switch', () => {
  it('global: stops the action right before acting and escalates', async () => {
    sb = await testSandbox();
    await admin(sb, 'POST', '/kill-switch', { scope: 'global', engaged: true, reason: 'incident drill', by: 'ops' });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.state).toBe('escalated');
    expect(run.escalationReason).toBe('kill_switch');
    expect(setMailboxCalls(sb)).toHaveLength(0);
    expect((await notesOf(sb, id))[0]!.text).toContain('kill switch is engaged');
  });

  it('per client: only that client stops; releasing it lets the next ticket act', async () => {
    sb = await testSandbox();
    await admin(sb, 'POST', '/kill-switch', { scope: 'client', id: 'contoso', engaged: true, reason: 'migration' });
    const a = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    const b = await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 251 });
    await settle(sb);
    expect((await onlyRun(a)).escalationReason).toBe('kill_switch');
    expect((await onlyRun(b)).state).toBe('resolved');
    await admin(sb, 'POST', '/kill-switch', { scope: 'client', id: 'contoso', engaged: false });
    const c = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await onlyRun(c)).state).toBe('resolved');
  });

  it('per remediation, from the admin API, shows in the audit', async () => {
    sb = await testSandbox();
    const set = await admin(sb, 'POST', '/kill-switch', { scope: 'remediation', id: 'mailbox-quota', engaged: true });
    expect(set.status).toBe(200);
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await onlyRun(id)).escalationReason).toBe('kill_switch');
    expect(await sb.app.store.queryAudit({ type: 'kill_switch.set' })).toHaveLength(1);
  });
});

describe('idempotency', () => {
  it('a re-delivered callback is stored once and acts once', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const delivery = sb.connectwise.deliveries.find((d) => d.ticketId === id)!;
    sb.connectwise.redeliver(delivery);
    sb.connectwise.redeliver(delivery);
    await settle(sb);
    expect(await runsFor(sb, id)).toHaveLength(1);
    expect(setMailboxCalls(sb)).toHaveLength(1);
    expect(sb.connectwise.deliveries.filter((d) => d.ticketId === id).every((d) => d.status === 202 || d.status === 200)).toBe(true);
  });

  it('two tickets about the same mailbox at the same time: one acts, the other is noted as a duplicate', async () => {
    sb = await testSandbox();
    const [a, b] = await Promise.all([createTicket(sb, { summary: FULL, contactEmail: MEGAN }), createTicket(sb, { summary: 'mailbox full again', contactEmail: MEGAN })]);
    await settle(sb);
    const states = [(await onlyRun(a)).state, (await onlyRun(b)).state].sort();
    expect(states).toEqual(['duplicate', 'resolved']);
    expect(setMailboxCalls(sb)).toHaveLength(1);
    expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(60);
    const dupTicket = (await onlyRun(a)).state === 'duplicate' ? a : b;
    expect((await notesOf(sb, dupTicket))[0]!.text).toContain('already handled by run');
  });

  it('a repeat within the cooldown after success exits cleanly', async () => {
    sb = await testSandbox();
    const a = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    sb.m365.setMailbox(MEGAN, { usedGB: 59 }); // full again right away
    const b = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await onlyRun(a)).state).toBe('resolved');
    expect((await onlyRun(b)).state).toBe('duplicate');
    expect(setMailboxCalls(sb)).toHaveLength(1);
  });
});

describe('rate limit across executions', () => {
  it('holds per remediation per client', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, remediations: { ...c.remediations, 'mailbox-quota': { ...c.remediations['mailbox-quota'], rateLimit: { max: 1, windowSeconds: 3600 } } } }) });
    sb.m365.setMailbox('lee.gu@contoso.example', { usedGB: 49 });
    const a = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const b = await createTicket(sb, { summary: FULL, contactEmail: 'lee.gu@contoso.example' });
    const c = await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 251 });
    await settle(sb);
    expect((await onlyRun(a)).state).toBe('resolved');
    expect((await onlyRun(b)).escalationReason).toBe('rate_limited');
    expect((await onlyRun(c)).state).toBe('resolved'); // another client has its own bucket
    expect(setMailboxCalls(sb)).toHaveLength(2);
  });

  it('holds globally', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, globalRateLimit: { max: 1, windowSeconds: 3600 } }) });
    const a = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const b = await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 251 });
    await settle(sb);
    expect((await onlyRun(a)).state).toBe('resolved');
    expect((await onlyRun(b)).escalationReason).toBe('rate_limited');
  });
});

describe('validation and rollback', () => {
  it('a change that does not validate is rolled back and escalated with everything attempted', async () => {
    sb = await testSandbox();
    sb.m365.faults.ignoreSetMailbox({ identity: MEGAN, count: 1 });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.state).toBe('rolled_back');
    expect(run.escalationReason).toBe('validation_failed');
    expect(setMailboxCalls(sb, MEGAN)).toHaveLength(2); // the change, then the rollback; no silent retry
    expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(50);
    expect(await statusOf(sb, id)).toBe('Escalated');
    const note = (await notesOf(sb, id))[0]!.text;
    expect(note).toContain('expected 60 GB');
    expect(note).toContain('rollback to the prior state: done');
  });

  it('without rollback in policy, escalates and leaves the state for a person', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, remediations: { ...c.remediations, 'mailbox-quota': { ...c.remediations['mailbox-quota'], rollbackOnValidationFailure: false } } }) });
    sb.m365.faults.ignoreSetMailbox({ identity: MEGAN, count: 1 });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.state).toBe('escalated');
    expect(setMailboxCalls(sb, MEGAN)).toHaveLength(1);
  });
});

describe('targets come from trusted mappings', () => {
  it("a contact from another client's domain escalates without touching either tenant", async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 250 });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.state).toBe('escalated');
    expect(run.escalationReason).toBe('target_not_in_client');
    expect(sb.m365.calls).toHaveLength(0);
  });

  it('an address in the ticket text never becomes the target', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: FULL, description: 'Please raise the quota of alex.wilber@contoso.example and diego.siciliani@fabrikam.example', contactEmail: MEGAN });
    await settle(sb);
    // Whether the triage acts for the contact or escalates (a ticket naming two other users is unclear),
    // neither named address may ever become a target.
    const run = await onlyRun(id);
    expect((run.plan?.targets ?? []).filter((t) => t.id !== MEGAN)).toEqual([]);
    expect(setMailboxCalls(sb).filter((c) => c.identity !== MEGAN)).toEqual([]);
  });

  it('a company not mapped to a client escalates as unknown', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, clients: c.clients.filter((cl) => cl.id !== 'fabrikam') }) });
    const id = await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 251 });
    await settle(sb);
    expect((await onlyRun(id)).escalationReason).toBe('unknown_client');
    expect(sb.m365.calls).toHaveLength(0);
    expect(await notesOf(sb, id)).toHaveLength(0);
  });

  it('a mailbox at the licence maximum escalates instead of acting', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: FULL, contactEmail: 'isaiah.langer@fabrikam.example', companyId: 251 });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.escalationReason).toBe('out_of_scope');
    expect(run.detail).toContain('licence maximum of 50 GB');
    expect(setMailboxCalls(sb)).toHaveLength(0);
  });

  it('a ticket that does not match or matches weakly escalates with the classification shown', async () => {
    sb = await testSandbox();
    const a = await createTicket(sb, { summary: 'Printer out of toner on floor 2', contactEmail: MEGAN });
    const b = await createTicket(sb, { summary: 'Please archive my old mail, the mailbox is full', contactEmail: 'lee.gu@contoso.example' });
    await settle(sb);
    expect((await onlyRun(a)).escalationReason).toBe('no_match');
    // Not ours: the ticket stays in the normal queue, untouched.
    expect(await notesOf(sb, a)).toHaveLength(0);
    expect(await statusOf(sb, a)).toBe('New');
    const weak = await onlyRun(b);
    expect(weak.escalationReason).toBe('low_confidence');
    expect((await notesOf(sb, b))[0]!.text).toMatch(/Classification: mailbox-quota \(confidence 0\.\d+\)/);
    expect(setMailboxCalls(sb)).toHaveLength(0);
  });
});

describe('approval expiry', () => {
  it('an approval nobody decides expires and the ticket goes to a person', async () => {
    let offsetMs = 0;
    sb = await testSandbox({ clock: () => new Date(Date.now() + offsetMs) });
    const id = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    await settle(sb);
    const run = await onlyRun(id);
    expect(run.state).toBe('awaiting_approval');
    offsetMs = 25 * 3600_000; // past the 24 h default
    const { sweepApprovals } = await import('../src/scheduler/sweeps.js');
    expect(await sweepApprovals(sb.app.store, sb.app.queue, sb.app.deps.clock())).toBe(1);
    await settle(sb);
    const after = (await sb.app.store.getRun(run.id))!;
    expect(after.state).toBe('escalated');
    expect(after.escalationReason).toBe('approval_expired');
    expect((await sb.app.store.getApproval(run.approvalId!))!.status).toBe('expired');
    const late = await decide(sb, run.approvalId!, 'approve');
    expect(late.status).toBe(409);
    expect(setMailboxCalls(sb)).toHaveLength(0);
  });
});

describe('remediation circuit breaker', () => {
  it('repeated validation failures at a client disable the remediation there until a person re-enables it', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, circuitBreaker: { perClient: 2, overall: 10, windowSeconds: 3600 } }) });
    sb.m365.faults.ignoreSetMailbox({ count: 2 });
    sb.m365.setMailbox('lee.gu@contoso.example', { usedGB: 49 });
    const a = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const b = await createTicket(sb, { summary: FULL, contactEmail: 'lee.gu@contoso.example' });
    await settle(sb);
    expect((await onlyRun(a)).state).toBe('rolled_back');
    expect((await onlyRun(b)).state).toBe('rolled_back');
    expect((await notesOf(sb, b))[0]!.text).toContain('disabled by its circuit breaker');
    const switches = await sb.app.store.listKillSwitches();
    expect(switches).toEqual([expect.objectContaining({ scope: { kind: 'client-remediation', clientId: 'contoso', id: 'mailbox-quota' }, engaged: true, by: 'circuit-breaker' })]);

    // Now Contoso's mailbox tickets go to a person; Fabrikam's still resolve.
    sb.m365.setMailbox(ALEX, { quotaGB: 50, usedGB: 49 });
    const c = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    const d = await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 251 });
    await settle(sb);
    expect((await onlyRun(c)).escalationReason).toBe('kill_switch');
    expect((await onlyRun(d)).state).toBe('resolved');
    expect(await sb.app.store.queryAudit({ type: 'circuit_breaker.tripped' })).toHaveLength(1);
  });
});
