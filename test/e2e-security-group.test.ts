import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { admin, cwGet, createTicket, notesOf, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const CONTOSO = '6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01';
const ALEX = 'alex.wilber@contoso.example';
const LEE = 'lee.gu@contoso.example';
const MEGAN = 'megan.bowen@contoso.example';

const groupWrites = (s: Sandbox) => s.m365.calls.filter((c) => c.system === 'graph' && /\/groups\/[^/]+\/members\//.test(c.path) && c.method !== 'GET');
const onlyRun = async (s: Sandbox, id: number) => {
  const runs = await runsFor(s, id);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};

describe('security group membership, end to end over real HTTP', () => {
  it('always waits for approval first; once approved it adds, validates with checkMemberGroups and resolves', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: `Please add ${LEE} to the security group SG-Finance-Share`, contactEmail: ALEX });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect(run.state).toBe('awaiting_approval');
    expect(groupWrites(sb)).toHaveLength(0);
    expect(sb.m365.groupMembers(CONTOSO, 'SG-Finance-Share')).toEqual([]);
    expect(await statusOf(sb, id)).toBe('Waiting Approval');
    expect((await notesOf(sb, id))[0]!.text).toContain("risk class 'security' always needs approval");

    expect((await admin(sb, 'POST', `/approvals/${run.approvalId}/approve`, { planHash: run.plan!.hash })).status).toBe(200);
    await settle(sb);
    expect((await sb.app.store.getRun(run.id))!.state).toBe('resolved');
    expect(sb.m365.groupMembers(CONTOSO, 'SG-Finance-Share')).toEqual([LEE]);
    expect(sb.m365.calls.some((c) => c.path.endsWith('/checkMemberGroups'))).toBe(true);
    expect(await statusOf(sb, id)).toBe('Resolved');
    expect(await cwGet<unknown[]>(sb, `/service/tickets/${id}/timeentries`)).toHaveLength(1);
  });

  it('a removal, once approved, deletes the $ref', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: `Please remove ${MEGAN} from SG-Projects`, contactEmail: ALEX });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect(run.state).toBe('awaiting_approval');
    await admin(sb, 'POST', `/approvals/${run.approvalId}/approve`, { planHash: run.plan!.hash });
    await settle(sb);
    expect((await sb.app.store.getRun(run.id))!.state).toBe('resolved');
    expect(sb.m365.groupMembers(CONTOSO, 'SG-Projects')).toEqual([]);
    expect(groupWrites(sb).map((c) => c.method)).toEqual(['DELETE']);
  });

  it('a denied approval, an unknown group, a user of another client: escalated, nothing changed', async () => {
    sb = await testSandbox();
    const denied = await createTicket(sb, { summary: `Please add ${LEE} to the security group SG-Finance-Share`, contactEmail: ALEX });
    const unknown = await createTicket(sb, { summary: `Please add ${LEE} to the security group SG-Nope`, contactEmail: ALEX });
    const foreign = await createTicket(sb, { summary: 'Please add diego.siciliani@fabrikam.example to the security group SG-Projects', contactEmail: ALEX });
    await settle(sb);
    const d = await onlyRun(sb, denied);
    await admin(sb, 'POST', `/approvals/${d.approvalId}/deny`, { planHash: d.plan!.hash });
    await settle(sb);
    expect((await sb.app.store.getRun(d.id))!.escalationReason).toBe('approval_denied');
    const u = await onlyRun(sb, unknown);
    expect([u.state, u.escalationReason]).toEqual(['escalated', 'out_of_scope']);
    const f = await onlyRun(sb, foreign);
    expect([f.state, f.escalationReason]).toEqual(['escalated', 'target_not_in_client']);
    expect(groupWrites(sb)).toHaveLength(0);
    expect(sb.m365.groupMembers(CONTOSO, 'SG-Finance-Share')).toEqual([]);
    expect(sb.m365.groupMembers(CONTOSO, 'SG-Projects')).toEqual([MEGAN]);
  });
});
