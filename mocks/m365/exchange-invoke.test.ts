import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createM365Simulator, type M365Simulator } from './create-m365-simulator.js';
import { CONTOSO, FABRIKAM, invoke, simToken } from './sim-test-helpers.js';

let sim: M365Simulator;
let token: string;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(async () => {
  sim = createM365Simulator();
  server.use(...sim.handlers);
  token = await simToken(sim, CONTOSO, 'exchange');
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Body = { value: Record<string, unknown>[]; '@adminapi.warnings': string[]; '@odata.nextLink'?: string; '@odata.context'?: string };
type ErrorBody = { error: { code: string; message: string; details: { message: string }[] } };
const megan = 'megan.bowen@contoso.example';

describe('simulated Exchange InvokeCommand', () => {
  it('Get-Mailbox reports quotas as Exchange size strings, derived from the demo quota', async () => {
    const res = await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: megan });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body['@odata.context']).toContain(`/adminapi/beta/${CONTOSO}/$metadata#Collection(Exchange.GenericHashTable)`);
    expect(body.value[0]).toMatchObject({
      UserPrincipalName: megan,
      PrimarySmtpAddress: megan,
      ProhibitSendReceiveQuota: '50 GB (53,687,091,200 bytes)',
      ProhibitSendQuota: '49.5 GB (53,150,220,288 bytes)',
      IssueWarningQuota: '49 GB (52,613,349,376 bytes)',
    });
  });

  it('Get-MailboxStatistics reports TotalItemSize and ItemCount', async () => {
    const body = (await (await invoke(sim, CONTOSO, token, 'Get-MailboxStatistics', { Identity: megan })).json()) as Body;
    expect(body.value[0]?.TotalItemSize).toBe('47.5 GB (51,002,736,640 bytes)');
    expect(body.value[0]?.ItemCount).toBeGreaterThan(100_000);
  });

  it('answers an unknown identity with "couldn\'t be found", unknown cmdlets and parameters with 400', async () => {
    const res = await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: 'ghost@contoso.example' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/^\|Microsoft\.Exchange\.Configuration\.Tasks\.ManagementObjectNotFoundException\|The operation couldn't be performed because object 'ghost@contoso.example' couldn't be found on '/);
    expect(((await (await invoke(sim, CONTOSO, token, 'Remove-Mailbox', { Identity: megan })).json()) as ErrorBody).error.message).toContain("The term 'Remove-Mailbox' is not recognized");
    expect(((await (await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: megan, ForwardingSmtpAddress: 'x@evil.example' })).json()) as ErrorBody).error.message).toBe(
      "|System.Management.Automation.ParameterBindingException|A parameter cannot be found that matches parameter name 'ForwardingSmtpAddress'.",
    );
  });

  it('finds only mailboxes of the URL tenant', async () => {
    const res = await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: 'diego.siciliani@fabrikam.example' });
    expect(res.status).toBe(404);
  });

  it('answers 401 when the token is missing, for Graph, or issued for another tenant', async () => {
    expect((await invoke(sim, CONTOSO, null, 'Get-Mailbox', { Identity: megan })).status).toBe(401);
    const graph = await simToken(sim, CONTOSO, 'graph');
    expect((await invoke(sim, CONTOSO, graph, 'Get-Mailbox', { Identity: megan })).status).toBe(401);
    const res = await invoke(sim, FABRIKAM, token, 'Get-Mailbox', {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain("tenant does not match");
  });

  it('pages through @odata.nextLink, keeping $select', async () => {
    sim = createM365Simulator({ maxPageSize: 2 });
    server.use(...sim.handlers);
    token = await simToken(sim, CONTOSO, 'exchange');
    const first = (await (await invoke(sim, CONTOSO, token, 'Get-Mailbox', {}, { select: 'UserPrincipalName' })).json()) as Body;
    expect(first.value).toHaveLength(2);
    expect(first['@odata.nextLink']).toMatch(/InvokeCommand\?\$select=UserPrincipalName&\$skiptoken=2$/);
    const second = (await (await invoke(sim, CONTOSO, token, 'Get-Mailbox', {}, { url: first['@odata.nextLink'] })).json()) as Body;
    expect(second.value).toEqual([{ UserPrincipalName: 'lee.gu@contoso.example' }, { UserPrincipalName: 'adele.vance@contoso.example' }]);
    const third = (await (await invoke(sim, CONTOSO, token, 'Get-Mailbox', {}, { url: second['@odata.nextLink'] })).json()) as Body;
    expect(third.value).toEqual([{ UserPrincipalName: 'johanna.lorenz@contoso.example' }]);
    expect(third['@odata.nextLink']).toBeUndefined();
  });

  it('Get-MailboxPlan reports the licence maximum as the plan quota', async () => {
    const mbx = (await (await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: megan })).json()) as Body;
    const plan = (await (await invoke(sim, CONTOSO, token, 'Get-MailboxPlan', { Identity: mbx.value[0]?.MailboxPlan })).json()) as Body;
    expect(plan.value[0]).toMatchObject({ DisplayName: 'ExchangeOnlineEnterprise', ProhibitSendReceiveQuota: '100 GB (107,374,182,400 bytes)' });
  });

  it('logs tenant, cmdlet, identity and anchor mailbox of every call', async () => {
    await fetch(`${sim.urls.exchange}/${CONTOSO}/InvokeCommand`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-anchormailbox': `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${CONTOSO}` },
      body: JSON.stringify({ CmdletInput: { CmdletName: 'Get-MailboxStatistics', Parameters: { Identity: megan } } }),
    });
    expect(sim.callsFor(CONTOSO).at(-1)).toMatchObject({ system: 'exchange', cmdlet: 'Get-MailboxStatistics', identity: megan, anchorMailbox: `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${CONTOSO}`, status: 200 });
  });
});
