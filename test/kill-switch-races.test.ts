import { afterEach, describe, expect, it } from 'vitest';
import { decideApprovalFromCli } from '../src/cli/commands-operator.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { until } from '../support/cluster/checks.js';
import { admin, createTicket, notesOf, runsFor, setMailboxCalls, settle, testSandbox } from './support/sandbox-kit.js';

/**
 * The kill switch is checked immediately before every action, so engaging it at the last
 * moments before a change still stops that change: after a person approved the plan, and while
 * the run is still deciding. Each test engages it at a point it has made sure the run is at.
 */
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const ALEX = 'alex.wilber@contoso.example';
const MEGAN = 'megan.bowen@contoso.example';
const FULL = 'My mailbox is full, I cannot send email';

async function engageGlobal(s: Sandbox): Promise<void> {
  const r = await admin(s, 'POST', '/kill-switch', { scope: 'global', engaged: true, reason: 'incident 42' });
  expect(r.status).toBe(200);
}

async function expectStoppedByKillSwitch(s: Sandbox, ticketId: number, mailbox: string, quotaBefore: number | null): Promise<string[]> {
  const runs = await runsFor(s, ticketId);
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  expect([run.state, run.escalationReason]).toEqual(['escalated', 'kill_switch']);
  // Nothing acted: no change was sent and the mailbox is as it was.
  expect(setMailboxCalls(s, mailbox)).toEqual([]);
  expect(s.m365.mailbox(mailbox)!.quotaGB).toBe(quotaBefore);
  const types = (await s.app.store.queryAudit({ runId: run.id })).map((e) => e.type);
  expect(types).not.toContain('acted');
  expect(types.at(-1)).toBe('escalated');
  // The switch itself is audited, and the person on the ticket is told why nothing happened.
  const switched = await s.app.store.queryAudit({ type: 'kill_switch.set' });
  expect(switched.map((e) => [e.actor, e.data.engaged, e.data.reason])).toEqual([['key:bootstrap (admin token)', true, 'incident 42']]);
  expect((await notesOf(s, ticketId)).map((n) => n.text).join('\n')).toContain('kill switch is engaged');
  return types;
}

describe('kill switch engaged at the last moment', () => {
  it('after the plan was approved, before the act: nothing acts, the run escalates kill_switch, audited', async () => {
    sb = await testSandbox({ history: false });
    // The test pushes the approved run itself (the approvals job), so nothing can slip between the approval and the switch.
    sb.app.scheduler.stop();
    const id = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    await settle(sb);
    const [pending] = await sb.app.store.listApprovals('pending');
    expect((await runsFor(sb, id))[0]!.state).toBe('awaiting_approval');
    const quotaBefore = sb.m365.mailbox(ALEX)!.quotaGB;

    const approved = await decideApprovalFromCli(sb.app.store, new Date(), pending!.id, 'approved', 'carol', pending!.planHash);
    expect(approved.status).toBe('approved');
    await engageGlobal(sb);
    const approvals = sb.app.scheduler.jobs.find((j) => j.name === 'approvals')!;
    expect(await approvals.run(new Date())).toBe(1);
    await settle(sb);

    await expectStoppedByKillSwitch(sb, id, ALEX, quotaBefore);
    // The approval stands as given; it was the switch, not a denial, that stopped the run.
    expect((await sb.app.store.getApproval(pending!.id))!.status).toBe('approved');
  });

  it('while the run is deciding (its mailbox read is in flight): nothing acts, the run escalates kill_switch, audited', async () => {
    sb = await testSandbox({ history: false });
    // The first Exchange call (the decide step's read of the mailbox) is held until the test lets it go.
    sb.m365.faults.hangNext(1, { system: 'exchange' });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await until('the mailbox read to be held', () => sb!.m365.calls.some((c) => c.system === 'exchange' && c.status === null), 20_000, 10);
    const [run] = await runsFor(sb, id);
    expect(run!.state).toBe('received');
    const quotaBefore = sb.m365.mailbox(MEGAN)!.quotaGB;

    await engageGlobal(sb);
    sb.m365.faults.releaseHangs();
    await settle(sb);

    const types = await expectStoppedByKillSwitch(sb, id, MEGAN, quotaBefore);
    // The run got through decide (after the switch was engaged) and was stopped at the act's check.
    expect(types).toContain('decided');
  });
});
