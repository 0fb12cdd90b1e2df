import { beforeEach, describe, expect, it } from 'vitest';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { createM365Factory } from './create-m365-factory.js';
import { CONTOSO, ENV, FABRIKAM, SANDBOX_URLS, SECRET_ENV, createM365Simulator, m365Config, mswForM365, recordingSleep } from '../../test/support/m365/m365-test-kit.js';

const msw = mswForM365();
let sim: M365Simulator;
beforeEach(() => {
  sim = msw.use(createM365Simulator({ urls: SANDBOX_URLS }));
});
const factory = (env: Record<string, string | undefined> = ENV) => createM365Factory(m365Config(SANDBOX_URLS), env, { sleep: recordingSleep().sleep });

describe('createM365Factory', () => {
  it('hands out one cached, tenant-bound instance per tenant', () => {
    const m365 = factory();
    const a = m365(CONTOSO);
    expect(a.tenantId).toBe(CONTOSO);
    expect(m365(CONTOSO)).toBe(a);
    expect(m365(CONTOSO.toUpperCase())).toBe(a);
    expect(m365(FABRIKAM)).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('tokens are fetched once per tenant and resource across calls', async () => {
    const contoso = factory()(CONTOSO);
    await contoso.graph.getUser('megan.bowen@contoso.example');
    await contoso.graph.getUser('lee.gu@contoso.example');
    await contoso.exchange.invoke('Get-Mailbox', { Identity: 'megan.bowen@contoso.example' });
    await contoso.exchange.invoke('Get-MailboxStatistics', { Identity: 'megan.bowen@contoso.example' });
    expect(sim.calls.filter((c) => c.system === 'login').map((c) => c.tenantId)).toEqual([CONTOSO, CONTOSO]);
  });

  it('tenant A\'s access never touches tenant B, even when asked for B\'s users', async () => {
    const contoso = factory()(CONTOSO);
    expect(await contoso.graph.getUser('diego.siciliani@fabrikam.example')).toBeNull();
    await expect(contoso.exchange.invoke('Get-Mailbox', { Identity: 'diego.siciliani@fabrikam.example' })).rejects.toThrow(/couldn't be found/);
    await expect(contoso.exchange.invoke('Set-Mailbox', { Identity: 'isaiah.langer@fabrikam.example', ProhibitSendReceiveQuota: '40GB' })).rejects.toThrow(/couldn't be found/);
    expect(sim.callsFor(FABRIKAM)).toEqual([]);
    expect(sim.calls.every((c) => c.tenantId === CONTOSO)).toBe(true);
    expect(sim.mailbox('isaiah.langer@fabrikam.example')?.quotaGB).toBe(50);
  });

  it('refuses tenant aliases and malformed tenant ids', () => {
    const m365 = factory();
    for (const bad of ['common', 'organizations', '', '../6f2c1b9e', 'contoso.example/x']) expect(() => m365(bad)).toThrow(/not a tenant id/);
  });

  it('fails fast when the secret variable is unset, naming the variable only', () => {
    expect(() => factory({})).toThrow(`environment variable ${SECRET_ENV} is not set`);
  });

  it('never puts the secret into an error, whatever fails', async () => {
    const secret = 'a-configured-but-wrong-secret-789';
    const m365 = factory({ [SECRET_ENV]: secret })(CONTOSO);
    const errors = await Promise.all([
      m365.graph.getUser('megan.bowen@contoso.example').catch((e: unknown) => e),
      m365.exchange.invoke('Get-Mailbox', { Identity: 'megan.bowen@contoso.example' }).catch((e: unknown) => e),
    ]);
    for (const err of errors) {
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/invalid_client/);
      expect(`${(err as Error).message} ${(err as Error).stack} ${JSON.stringify(err)}`).not.toContain(secret);
    }
    // One token attempt per resource: a refused secret is not retried, and nothing else is called.
    expect(sim.calls.map((c) => `${c.system} ${c.status}`)).toEqual(['login 401', 'login 401']);
  });

  it('lets a validator see a Set-Mailbox that reported success but did not apply', async () => {
    sim.faults.ignoreSetMailbox({ identity: 'megan.bowen@contoso.example' });
    const exo = factory()(CONTOSO).exchange;
    await exo.invoke('Set-Mailbox', { Identity: 'megan.bowen@contoso.example', ProhibitSendReceiveQuota: '60GB' });
    const [after] = await exo.invoke('Get-Mailbox', { Identity: 'megan.bowen@contoso.example' }, ['ProhibitSendReceiveQuota']);
    expect(after?.ProhibitSendReceiveQuota).toBe('50 GB (53,687,091,200 bytes)');
  });

  it('reports every HTTP attempt with its system and tenant', async () => {
    const seen: string[] = [];
    const m365 = createM365Factory(m365Config(SANDBOX_URLS), ENV, { onAttempt: (a) => void seen.push(`${a.system} ${a.tenantId} ${a.status}`) });
    await m365(FABRIKAM).graph.getUser('diego.siciliani@fabrikam.example');
    expect(seen).toEqual(['m365-login null 200', `graph ${FABRIKAM} 200`]);
  });
});
