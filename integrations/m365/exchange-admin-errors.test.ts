import { beforeEach, describe, expect, it } from 'vitest';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { createM365Factory, type M365FactoryOptions } from './create-m365-factory.js';
import { ExchangeCommandError } from './exchange-error.js';
import { CONTOSO, ENV, FABRIKAM, SANDBOX_URLS, createM365Simulator, m365Config, mswForM365, recordingSleep } from '../../test/support/m365/m365-test-kit.js';

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
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ExchangeCommandError);

describe('ExchangeAdmin failures', () => {
  it('throws ExchangeCommandError with Exchange\'s own message', async () => {
    const exo = exchangeFor(CONTOSO);
    const order = await failure(exo.invoke('Set-Mailbox', { Identity: megan, IssueWarningQuota: '55GB' }));
    expect(order).toBeInstanceOf(ExchangeCommandError);
    expect(order?.message).toBe(
      "exchange Set-Mailbox failed (HTTP 400): The value of property 'IssueWarningQuota' must be less than or equal to that of property 'ProhibitSendQuota'. IssueWarningQuota: 55 GB (59,055,800,320 bytes), ProhibitSendQuota: 49.5 GB (53,150,220,288 bytes).",
    );
    expect([order?.status, order?.retryable, order?.notFound]).toEqual([400, false, false]);
    const missing = await failure(exo.invoke('Get-Mailbox', { Identity: 'ghost@contoso.example' }));
    expect(missing?.message).toMatch(/The operation couldn't be performed because object 'ghost@contoso.example' couldn't be found on/);
    expect(missing?.notFound).toBe(true);
  });

  it('surfaces the licence ceiling refusal', async () => {
    const err = await failure(exchangeFor(FABRIKAM).invoke('Set-Mailbox', { Identity: 'isaiah.langer@fabrikam.example', ProhibitSendReceiveQuota: '60GB' }));
    expect(err?.message).toContain("exceeds the maximum allowed by the mailbox plan 'ExchangeOnline' (50 GB (53,687,091,200 bytes))");
    expect(err?.exceptionType).toBe('Microsoft.Exchange.Management.Tasks.RecipientTaskException');
  });

  it('honours 429 Retry-After, also for writes', async () => {
    sim.faults.throttleNext(1, 5, { system: 'exchange' });
    await exchangeFor(CONTOSO).invoke('Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '60GB', ProhibitSendQuota: '59GB', IssueWarningQuota: '58GB' });
    expect(pause.waits).toEqual([5000]);
    expect(exoCalls().map((c) => c.status)).toEqual([429, 200]);
    expect(sim.mailbox(megan)?.quotaGB).toBe(60);
  });

  it('retries a read after a 500 but never repeats a write that may have landed', async () => {
    sim.faults.failNext(1, { system: 'exchange' });
    expect(await exchangeFor(CONTOSO).invoke('Get-Mailbox', { Identity: megan })).toHaveLength(1);
    sim.faults.failNext(1, { system: 'exchange' });
    const err = await failure(exchangeFor(CONTOSO).invoke('Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '55GB' }));
    expect([err?.status, err?.ambiguous]).toEqual([500, true]);
    expect(exoCalls().map((c) => `${c.cmdlet} ${c.status}`)).toEqual(['Get-Mailbox 500', 'Get-Mailbox 200', 'Set-Mailbox 500']);
  });

  it('times out a hung call instead of waiting forever', async () => {
    sim.faults.hangNext(1, { system: 'exchange' });
    const err = await failure(exchangeFor(CONTOSO, { timeoutMs: 200, maxRetries: 0 }).invoke('Get-Mailbox', { Identity: megan }));
    sim.faults.releaseHangs();
    expect(err).toBeInstanceOf(ExchangeCommandError);
    expect(err?.message).toContain('timed out after 200 ms');
  });
});
