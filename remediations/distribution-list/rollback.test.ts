import { beforeEach, describe, expect, it } from 'vitest';
import { createM365Factory } from '../../integrations/m365/create-m365-factory.js';
import { CONTOSO, ENV, SANDBOX_URLS, createM365Simulator, m365Config, mswForM365 } from '../../test/support/m365/m365-test-kit.js';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { Client } from '../../src/model/client.js';
import type { RemediationContext } from '../../src/remediation/define.js';
import { securityGroup } from '../security-group/remediation.js';
import { distributionList } from './remediation.js';

const msw = mswForM365();
let sim: M365Simulator;
beforeEach(() => {
  sim = msw.use(createM365Simulator({ urls: SANDBOX_URLS }));
});

const client = Client.parse({ id: 'contoso', name: 'Contoso Ltd', psa: { installationId: 'cw', companyIds: ['250'] }, m365: { tenantId: CONTOSO, domains: ['contoso.example'] } });
function ctx<S>(settings: S, contactEmail: string): RemediationContext<S> {
  return {
    client,
    ticket: { psa: 'connectwise', id: '7', summary: '', description: '', companyId: '250', contactEmail, closed: false },
    m365: createM365Factory(m365Config(SANDBOX_URLS), ENV)(CONTOSO),
    settings,
    now: new Date(),
  };
}
const LEE = 'lee.gu@contoso.example';
const match = (params: Record<string, string>) => ({ confidence: 0.9, reasons: [], params });

describe('membership rollbacks restore the membership read before the change', () => {
  it('distribution list: an add is undone by a remove, validated with Get-DistributionGroupMember', async () => {
    const c = ctx({ authorisedRequesters: [] }, 'alex.wilber@contoso.example');
    const planned = await distributionList.plan(c, match({ action: 'add', group: 'Sales Team', user: LEE }));
    if (planned.kind !== 'plan') throw new Error(planned.detail);
    expect(planned.plan.approvalReason).toBeUndefined(); // Alex manages the list
    await distributionList.act(c, planned.plan.input);
    expect(sim.groupMembers(CONTOSO, 'Sales Team')).toContain(LEE);
    const rb = await distributionList.rollback(c, planned.plan.input, planned.plan.prior);
    expect(rb.ok).toBe(true);
    expect(sim.groupMembers(CONTOSO, 'Sales Team')).not.toContain(LEE);
  });

  it('security group: a removal is undone by adding the member back, validated with checkMemberGroups', async () => {
    const c = ctx({}, 'alex.wilber@contoso.example');
    const planned = await securityGroup.plan(c, match({ action: 'remove', group: 'SG-Projects', user: 'megan.bowen@contoso.example' }));
    if (planned.kind !== 'plan') throw new Error(planned.detail);
    await securityGroup.act(c, planned.plan.input);
    expect(sim.groupMembers(CONTOSO, 'SG-Projects')).toEqual([]);
    const rb = await securityGroup.rollback(c, planned.plan.input, planned.plan.prior);
    expect(rb).toMatchObject({ ok: true, observed: { member: true } });
    expect(sim.groupMembers(CONTOSO, 'SG-Projects')).toEqual(['megan.bowen@contoso.example']);
  });

  it('a name-only user, several users, or a group name that is not a plain security group is refused before any write', async () => {
    const c = ctx({}, 'alex.wilber@contoso.example');
    expect(await securityGroup.plan(c, match({ action: 'add', group: 'SG-Projects', user: 'Lee Gu' }))).toMatchObject({ kind: 'refuse', reason: 'target_not_in_client' });
    expect(await securityGroup.plan(c, match({ action: 'add', group: 'SG-Projects', user: `${LEE},megan.bowen@contoso.example` }))).toMatchObject({ kind: 'refuse', reason: 'out_of_scope' });
    expect(await securityGroup.plan(c, match({ action: 'add', group: 'Sales Team', user: LEE }))).toMatchObject({ kind: 'refuse', detail: expect.stringContaining('not a plain security group') });
    expect(sim.calls.filter((x) => x.method !== 'GET' && x.system === 'graph' && !x.path.endsWith('checkMemberGroups'))).toHaveLength(0);
  });
});
