import { beforeEach, describe, expect, it } from 'vitest';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { createM365Factory, type M365FactoryOptions } from './create-m365-factory.js';
import { parseExchangeSize } from './exchange-size.js';
import { CONTOSO, ENV, SANDBOX_URLS, createM365Simulator, m365Config, mswForM365, recordingSleep } from '../../test/support/m365/m365-test-kit.js';

const msw = mswForM365();
let sim: M365Simulator;
let pause: ReturnType<typeof recordingSleep>;
beforeEach(() => {
  sim = msw.use(createM365Simulator({ urls: SANDBOX_URLS }));
  pause = recordingSleep();
});
const exchangeFor = (tenantId: string, options: M365FactoryOptions = {}) => createM365Factory(m365Config(SANDBOX_URLS), ENV, { sleep: pause.sleep, ...options })(tenantId).exchange;
const exoCalls = () => sim.calls.filter((c) => c.system === 'exchange');
const megan = 'megan.bowen@contoso.example';

describe('ExchangeAdmin.invoke', () => {
  it('round-trips Set-Mailbox and Get-Mailbox', async () => {
    const exo = exchangeFor(CONTOSO);
    const [before] = await exo.invoke('Get-Mailbox', { Identity: megan });
    expect(parseExchangeSize(before?.ProhibitSendReceiveQuota)).toBe(50 * 1024 ** 3);
    expect(await exo.invoke('Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '60GB', ProhibitSendQuota: '59.5GB', IssueWarningQuota: '59GB' })).toEqual([]);
    const rows = await exo.invoke('Get-Mailbox', { Identity: megan }, ['ProhibitSendReceiveQuota', 'IssueWarningQuota']);
    expect(rows).toEqual([{ ProhibitSendReceiveQuota: '60 GB (64,424,509,440 bytes)', IssueWarningQuota: '59 GB (63,350,767,616 bytes)' }]);
    const [stats] = await exo.invoke('Get-MailboxStatistics', { Identity: megan });
    expect(parseExchangeSize(stats?.TotalItemSize)).toBe(51_002_736_640);
  });

  it('sends the tenant-scoped URL, outlook token and anchor mailbox', async () => {
    await exchangeFor(CONTOSO).invoke('Get-Mailbox', { Identity: megan });
    expect(exoCalls()).toEqual([
      expect.objectContaining({ tenantId: CONTOSO, path: `/sim/exchange/adminapi/beta/${CONTOSO}/InvokeCommand`, cmdlet: 'Get-Mailbox', anchorMailbox: `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${CONTOSO}`, status: 200 }),
    ]);
  });

  it('follows @odata.nextLink through every page', async () => {
    sim = msw.use(createM365Simulator({ urls: SANDBOX_URLS, maxPageSize: 2 }));
    const rows = await exchangeFor(CONTOSO).invoke('Get-Mailbox', {}, ['UserPrincipalName']);
    expect(rows.map((r) => r.UserPrincipalName)).toEqual(['megan.bowen@contoso.example', 'alex.wilber@contoso.example', 'lee.gu@contoso.example', 'adele.vance@contoso.example', 'johanna.lorenz@contoso.example']);
    expect(exoCalls()).toHaveLength(3);
  });

  it('passes Exchange warnings to the observer', async () => {
    const seen: unknown[] = [];
    await exchangeFor(CONTOSO, { onExchangeWarnings: (w) => void seen.push(w) }).invoke('Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '50GB' });
    expect(seen).toEqual([{ tenantId: CONTOSO, cmdlet: 'Set-Mailbox', warnings: ["The command completed successfully but no settings of 'megan.bowen' have been modified."] }]);
  });

  it('refuses a malformed cmdlet name or select list without calling Exchange', async () => {
    const exo = exchangeFor(CONTOSO);
    await expect(exo.invoke('Get-Mailbox; Remove-Mailbox', {})).rejects.toThrow(/not a cmdlet name/);
    await expect(exo.invoke('Get-Mailbox', {}, ['Name&$skiptoken=9'])).rejects.toThrow(/select/);
    expect(sim.calls).toEqual([]);
  });
});

describe('ExchangeAdmin.describe', () => {
  it('returns the exact request, without any token, and sends nothing', () => {
    const request = exchangeFor(CONTOSO).describe('Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '60GB' });
    expect(request).toEqual({
      method: 'POST',
      url: `http://127.0.0.1:9/sim/exchange/adminapi/beta/${CONTOSO}/InvokeCommand`,
      body: { CmdletInput: { CmdletName: 'Set-Mailbox', Parameters: { Identity: megan, ProhibitSendReceiveQuota: '60GB' } } },
    });
    expect(JSON.stringify(request)).not.toMatch(/Bearer|eyJ/);
    expect(sim.calls).toEqual([]);
  });
});
