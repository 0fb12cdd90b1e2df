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

describe('simulated Exchange Set-Mailbox', () => {
  it('Set-Mailbox changes the quotas and Get-Mailbox reads them back', async () => {
    const set = await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '60GB', ProhibitSendQuota: '59.5GB', IssueWarningQuota: '59GB' });
    expect(set.status).toBe(200);
    expect(((await set.json()) as Body).value).toEqual([]);
    const got = (await (await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: megan }, { select: 'ProhibitSendReceiveQuota,ProhibitSendQuota' })).json()) as Body;
    expect(got.value).toEqual([{ ProhibitSendReceiveQuota: '60 GB (64,424,509,440 bytes)', ProhibitSendQuota: '59.5 GB (63,887,638,528 bytes)' }]);
    expect(sim.mailbox(megan)).toMatchObject({ quotaGB: 60, prohibitSendGB: 59.5, issueWarningGB: 59 });
  });

  it('refuses quotas out of order, with the Exchange message in details', async () => {
    const res = await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: megan, ProhibitSendQuota: '70GB' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.message).toBe(
      "|Microsoft.Exchange.Data.DataValidationException|The value of property 'ProhibitSendQuota' must be less than or equal to that of property 'ProhibitSendReceiveQuota'. ProhibitSendQuota: 70 GB (75,161,927,680 bytes), ProhibitSendReceiveQuota: 50 GB (53,687,091,200 bytes).",
    );
    expect(body.error.details[0]?.message).toMatch(/^Ex[0-9A-F]{6}\|Microsoft\.Exchange\.Data\.DataValidationException\|The value of property 'ProhibitSendQuota'/);
    expect(sim.mailbox(megan)?.prohibitSendGB).toBe(49.5);
  });

  it('refuses a quota over the licence maximum, and unlimited, and a value it cannot parse', async () => {
    const fab = await simToken(sim, FABRIKAM, 'exchange');
    const isaiah = 'isaiah.langer@fabrikam.example';
    const over = (await (await invoke(sim, FABRIKAM, fab, 'Set-Mailbox', { Identity: isaiah, ProhibitSendReceiveQuota: '60GB' })).json()) as ErrorBody;
    expect(over.error.message).toMatch(/^\|Microsoft\.Exchange\.Management\.Tasks\.RecipientTaskException\|The value of ProhibitSendReceiveQuota \(60 GB .*\) exceeds the maximum allowed by the mailbox plan 'ExchangeOnline' \(50 GB \(53,687,091,200 bytes\)\)\.$/);
    const unlimited = await invoke(sim, FABRIKAM, fab, 'Set-Mailbox', { Identity: isaiah, ProhibitSendReceiveQuota: 'unlimited' });
    expect(unlimited.status).toBe(400);
    const garbage = (await (await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: 'lots' })).json()) as ErrorBody;
    expect(garbage.error.message).toContain('Cannot process argument transformation on parameter \'ProhibitSendReceiveQuota\'');
    expect(sim.mailbox(isaiah)?.quotaGB).toBe(50);
  });

  it('warns when Set-Mailbox changes nothing', async () => {
    const body = (await (await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '50GB' })).json()) as Body;
    expect(body['@adminapi.warnings']).toEqual(["The command completed successfully but no settings of 'megan.bowen' have been modified."]);
  });
});
