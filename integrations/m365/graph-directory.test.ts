import { beforeEach, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { demoWorld } from '../../mocks/demo-data.js';
import { createM365Factory } from './create-m365-factory.js';
import { ExchangeCommandError } from './exchange-error.js';
import { CONTOSO, ENV, FABRIKAM, SANDBOX_URLS, createM365Simulator, m365Config, mswForM365, recordingSleep } from '../../test/support/m365/m365-test-kit.js';

const msw = mswForM365();
let sim: M365Simulator;
beforeEach(() => {
  sim = msw.use(createM365Simulator({ urls: SANDBOX_URLS }));
});
const tenant = (id = CONTOSO) => createM365Factory(m365Config(SANDBOX_URLS), ENV, { sleep: recordingSleep().sleep })(id);
const id = (email: string) => sim.user(email)!.id;
const MEGAN = 'megan.bowen@contoso.example';
const LEE = 'lee.gu@contoso.example';
const STRONG = 'Tmp-9xQ!wr7Lp2#zK4mB';

async function rejection(p: Promise<unknown>): Promise<OutsideApiError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(OutsideApiError);
  return err as OutsideApiError;
}

describe('Graph directory (client and simulator)', () => {
  it('resets a cloud password with PATCH and moves lastPasswordChangeDateTime', async () => {
    const d = tenant().directory;
    const before = await d.lastPasswordChange(id(MEGAN));
    await d.resetCloudPassword(id(MEGAN), STRONG);
    expect(Date.parse((await d.lastPasswordChange(id(MEGAN)))!)).toBeGreaterThan(Date.parse(before!));
    expect(sim.passwordMatches(MEGAN, STRONG)).toBe(true);
  });

  it("refuses as Graph does: a weak password, a synced user's PATCH, an admin, a stranger", async () => {
    const d = tenant().directory;
    expect((await rejection(d.resetCloudPassword(id(MEGAN), 'short'))).message).toContain('complexity');
    const synced = id('johanna.lorenz@contoso.example');
    expect((await rejection(d.resetCloudPassword(synced, STRONG))).message).toContain('on-premises mastered');
    // The beta SSPR-writeback call lists no application permission: app-only is refused.
    expect((await rejection(d.resetSyncedPassword(synced, STRONG))).status).toBe(403);
    expect(sim.passwordMatches('johanna.lorenz@contoso.example', STRONG)).toBe(false);
    expect((await rejection(d.resetCloudPassword(id('adele.vance@contoso.example'), STRONG))).status).toBe(403);
    // A Fabrikam user id is unknown in Contoso's directory: the token decides the tenant.
    expect((await rejection(d.resetCloudPassword(id('diego.siciliani@fabrikam.example'), STRONG))).status).toBe(404);
    // An error never carries the password that was sent.
    const err = await rejection(d.resetCloudPassword(id(MEGAN), 'weakpass'));
    expect(err.message).not.toContain('weakpass');
  });

  it('lists directory roles in memberOf', async () => {
    const roles = await tenant().directory.memberOf(id('adele.vance@contoso.example'));
    expect(roles.filter((r) => r.type === 'directoryRole').map((r) => r.displayName)).toEqual(['Global Administrator']);
    expect((await tenant().directory.memberOf(id(LEE))).map((o) => `${o.type} ${o.displayName}`)).toEqual(['group All Staff']);
  });

  it('adds and removes security group members by $ref; checkMemberGroups sees it', async () => {
    const d = tenant().directory;
    const [group] = await d.findGroups('SG-Finance-Share');
    expect(group).toMatchObject({ displayName: 'SG-Finance-Share', securityEnabled: true, mailEnabled: false });
    await d.addGroupMember(group!.id, id(LEE));
    expect(await d.checkMemberGroups(id(LEE), [group!.id])).toEqual([group!.id]);
    expect((await rejection(d.addGroupMember(group!.id, id(LEE)))).message).toContain('already exist');
    await d.removeGroupMember(group!.id, id(LEE));
    await d.removeGroupMember(group!.id, id(LEE)); // already gone: still success
    expect(await d.checkMemberGroups(id(LEE), [group!.id])).toEqual([]);
    const [list] = await d.findGroups('Sales Team');
    expect((await rejection(d.addGroupMember(list!.id, id(LEE)))).message).toContain('distribution list');
    expect(await d.findGroups("O'Brien's team")).toEqual([]);
    expect(await tenant(FABRIKAM).directory.findGroups('SG-Finance-Share')).toEqual([]);
  });
});

describe('Exchange distribution group cmdlets (client and simulator)', () => {
  const exo = () => tenant().exchange;
  const members = async (list: string) => (await exo().invoke('Get-DistributionGroupMember', { Identity: list })).map((r) => r.PrimarySmtpAddress);

  it('reads a list with its managers, adds and removes members', async () => {
    const [row] = await exo().invoke('Get-DistributionGroup', { Identity: 'sales@contoso.example' });
    expect(row).toMatchObject({ DisplayName: 'Sales Team', ManagedBy: ['alex.wilber'], PrimarySmtpAddress: 'sales@contoso.example' });
    await exo().invoke('Add-DistributionGroupMember', { Identity: 'sales@contoso.example', Member: LEE, BypassSecurityGroupManagerCheck: true });
    expect(await members('sales@contoso.example')).toContain(LEE);
    await exo().invoke('Remove-DistributionGroupMember', { Identity: 'sales@contoso.example', Member: LEE, BypassSecurityGroupManagerCheck: true });
    expect(await members('sales@contoso.example')).not.toContain(LEE);
  });

  it("answers Exchange's errors: unknown list, security group, already a member, not a member, no bypass", async () => {
    const fail = async (cmdlet: string, params: Record<string, unknown>) => {
      const err = await exo().invoke(cmdlet, params).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ExchangeCommandError);
      return err as ExchangeCommandError;
    };
    expect((await fail('Get-DistributionGroup', { Identity: 'Party Planners' })).notFound).toBe(true);
    expect((await fail('Get-DistributionGroup', { Identity: 'SG-Projects' })).notFound).toBe(true);
    expect((await fail('Add-DistributionGroupMember', { Identity: 'Sales Team', Member: MEGAN, BypassSecurityGroupManagerCheck: true })).exceptionType).toMatch(/MemberAlreadyExistsException$/);
    expect((await fail('Remove-DistributionGroupMember', { Identity: 'Sales Team', Member: LEE, BypassSecurityGroupManagerCheck: true })).exceptionType).toMatch(/MemberNotFoundException$/);
    expect((await fail('Add-DistributionGroupMember', { Identity: 'Sales Team', Member: LEE })).message).toContain('manager of the group');
    expect((await fail('Add-DistributionGroupMember', { Identity: 'Sales Team', Member: 'diego.siciliani@fabrikam.example', BypassSecurityGroupManagerCheck: true })).notFound).toBe(true);
  });
});

describe('Graph memberships are paged', () => {
  it('memberOf and transitiveMemberOf follow @odata.nextLink to the last page; nested groups and their roles show transitively', async () => {
    const world = demoWorld();
    world.groups = [
      ...(world.groups ?? []),
      { clientId: 'contoso', kind: 'security', displayName: 'SG-Inner', owners: [], members: [LEE] },
      { clientId: 'contoso', kind: 'security', displayName: 'PIM-Admins', owners: [], members: [], memberGroups: ['SG-Inner'], isAssignableToRole: true, directoryRoles: ['Password Administrator'] },
    ];
    const paged = msw.use(createM365Simulator({ urls: SANDBOX_URLS, world, graphPageSize: 1 }));
    const d = tenant().directory;
    const lee = paged.user(LEE)!.id;
    expect((await d.memberOf(lee)).map((o) => `${o.type} ${o.displayName}`).sort()).toEqual(['group All Staff', 'group SG-Inner']);
    expect((await d.transitiveMemberOf(lee)).map((o) => `${o.type} ${o.displayName} ${o.isAssignableToRole}`).sort()).toEqual([
      'directoryRole Password Administrator null',
      'group All Staff null',
      'group PIM-Admins true',
      'group SG-Inner false',
    ]);
    // One call per page of one row: 2 for memberOf, 4 for transitiveMemberOf.
    expect(paged.calls.filter((c) => c.path.endsWith('/memberOf')).length).toBe(2);
    expect(paged.calls.filter((c) => c.path.endsWith('/transitiveMemberOf')).length).toBe(4);
  });
});
