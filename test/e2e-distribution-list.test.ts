import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { admin, cwGet, createTicket, notesOf, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const CONTOSO = '6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01';
const ALEX = 'alex.wilber@contoso.example'; // manages Sales Team
const LEE = 'lee.gu@contoso.example';
const MEGAN = 'megan.bowen@contoso.example';
const SALES_BEFORE = [ALEX, MEGAN];

const listWrites = (s: Sandbox) => s.m365.calls.filter((c) => /^(Add|Remove)-DistributionGroupMember$/.test(c.cmdlet ?? ''));
const onlyRun = async (s: Sandbox, id: number) => {
  const runs = await runsFor(s, id);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};

describe('distribution list membership, end to end over real HTTP', () => {
  it("the list's manager asks: the member is added through Exchange, validated and the ticket resolved", async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: `Please add ${LEE} to the Sales Team distribution list`, contactEmail: ALEX });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect(run.state).toBe('resolved');
    expect(sb.m365.groupMembers(CONTOSO, 'Sales Team')).toEqual([ALEX, LEE, MEGAN]);
    expect(await statusOf(sb, id)).toBe('Resolved');
    // The customer reads what changed; the technicians' note has the cmdlet and who asked.
    const note = (await notesOf(sb, id)).find((n) => n.resolutionFlag)!;
    expect(note.text).toContain('is now added to Sales Team');
    expect(note.text).not.toMatch(/Add-DistributionGroupMember|https?:\/\/|\[ticketfix:/);
    const internal = (await notesOf(sb, id)).find((n) => n.internalAnalysisFlag)!;
    expect(internal.text).toContain('Add-DistributionGroupMember');
    expect(internal.text).toContain('who manages the list');
    expect(await cwGet<unknown[]>(sb, `/service/tickets/${id}/timeentries`)).toHaveLength(1);
    expect(listWrites(sb)).toHaveLength(1);
    // GET /sandbox lists the demo groups and lists with their live members.
    const d = (await (await fetch(`${sb.app.url}/sandbox`)).json()) as { demo: { groups: { name: string; kind: string; owners: string[]; members: string[] }[] } };
    expect(d.demo.groups.find((g) => g.name === 'Sales Team')).toMatchObject({ kind: 'distribution', owners: [ALEX], members: [ALEX, LEE, MEGAN] });
    expect(d.demo.groups.filter((g) => g.kind === 'security').map((g) => g.name)).toEqual(['SG-Projects', 'SG-Finance-Share', 'SG-Engineering']);
  });

  it('removal by the manager validates with Get-DistributionGroupMember', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: `Please remove ${MEGAN} from the Sales Team distribution list`, contactEmail: ALEX });
    await settle(sb);
    expect((await onlyRun(sb, id)).state).toBe('resolved');
    expect(sb.m365.groupMembers(CONTOSO, 'Sales Team')).toEqual([ALEX]);
    expect(sb.m365.calls.filter((c) => c.cmdlet === 'Get-DistributionGroupMember').length).toBeGreaterThanOrEqual(2);
  });

  it('a requester who does not manage the list gets an approval; approving makes the change', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: `Please add ${LEE} to the Sales Team distribution list`, contactEmail: MEGAN });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect(run.state).toBe('awaiting_approval');
    expect(listWrites(sb)).toHaveLength(0);
    expect(sb.m365.groupMembers(CONTOSO, 'Sales Team')).toEqual(SALES_BEFORE);
    expect((await notesOf(sb, id))[0]!.text).toContain('does not manage Sales Team');

    expect((await admin(sb, 'POST', `/approvals/${run.approvalId}/approve`, { planHash: run.plan!.hash })).status).toBe(200);
    await settle(sb);
    expect((await sb.app.store.getRun(run.id))!.state).toBe('resolved');
    expect(sb.m365.groupMembers(CONTOSO, 'Sales Team')).toEqual([ALEX, LEE, MEGAN]);
  });

  it('an unknown list, or a user of another client, escalates with nothing changed', async () => {
    sb = await testSandbox();
    const unknown = await createTicket(sb, { summary: 'Please add me to the Party Planners distribution list', contactEmail: LEE });
    const foreign = await createTicket(sb, { summary: 'Please add diego.siciliani@fabrikam.example to the Sales Team distribution list', contactEmail: ALEX });
    await settle(sb);
    const a = await onlyRun(sb, unknown);
    expect([a.state, a.escalationReason]).toEqual(['escalated', 'out_of_scope']);
    expect(a.detail).toContain('no distribution list "Party Planners"');
    const b = await onlyRun(sb, foreign);
    expect([b.state, b.escalationReason]).toEqual(['escalated', 'target_not_in_client']);
    expect(listWrites(sb)).toHaveLength(0);
    expect(sb.m365.groupMembers(CONTOSO, 'Sales Team')).toEqual(SALES_BEFORE);
    expect(await statusOf(sb, unknown)).toBe('Escalated');
  });
});
