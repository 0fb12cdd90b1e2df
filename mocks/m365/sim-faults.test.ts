import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createM365Simulator, type M365Simulator } from './create-m365-simulator.js';
import { CONTOSO, FABRIKAM, graphUser, invoke, simToken, tokenRequest } from './sim-test-helpers.js';

let sim: M365Simulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  sim = createM365Simulator();
  server.use(...sim.handlers);
});
afterEach(() => {
  sim.faults.clear();
  server.resetHandlers();
});
afterAll(() => server.close());

const megan = 'megan.bowen@contoso.example';

describe('simulator faults', () => {
  it('fails the next N matching calls with 500, then serves normally', async () => {
    const token = await simToken(sim, CONTOSO, 'exchange');
    sim.faults.failNext(2, { system: 'exchange' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: megan })).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('throttles Graph and Exchange with 429 and Retry-After', async () => {
    const graph = await simToken(sim, CONTOSO, 'graph');
    const exo = await simToken(sim, CONTOSO, 'exchange');
    sim.faults.throttleNext(1, 7, { system: 'graph' });
    sim.faults.throttleNext(1, 3, { system: 'exchange' });
    const g = await graphUser(sim, graph, megan);
    expect([g.status, g.headers.get('retry-after')]).toEqual([429, '7']);
    expect(await g.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    const e = await invoke(sim, CONTOSO, exo, 'Get-Mailbox', { Identity: megan });
    expect([e.status, e.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await graphUser(sim, graph, megan)).status).toBe(200);
  });

  it('a tenant outage answers 503 for that tenant only, until restored', async () => {
    const fab = await simToken(sim, FABRIKAM, 'exchange');
    const con = await simToken(sim, CONTOSO, 'exchange');
    sim.faults.outage(FABRIKAM);
    expect((await invoke(sim, FABRIKAM, fab, 'Get-Mailbox', {})).status).toBe(503);
    expect((await tokenRequest(sim, FABRIKAM, { grant_type: 'client_credentials' })).status).toBe(503);
    expect((await invoke(sim, CONTOSO, con, 'Get-Mailbox', {})).status).toBe(200);
    sim.faults.restore(FABRIKAM);
    expect((await invoke(sim, FABRIKAM, fab, 'Get-Mailbox', {})).status).toBe(200);
  });

  it('adds latency to matching calls', async () => {
    const token = await simToken(sim, CONTOSO, 'exchange');
    sim.faults.latency(120, { system: 'exchange' });
    const started = Date.now();
    await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: megan });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('hangs a call until released, logging it as pending', async () => {
    const token = await simToken(sim, CONTOSO, 'exchange');
    sim.faults.hangNext(1, { system: 'exchange' });
    let settled = false;
    const pending = invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: megan }).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    expect(sim.calls.at(-1)).toMatchObject({ cmdlet: 'Get-Mailbox', status: null });
    sim.faults.releaseHangs();
    expect((await pending).status).toBe(200);
  });

  it('can make Set-Mailbox report success without applying it', async () => {
    const token = await simToken(sim, CONTOSO, 'exchange');
    sim.faults.ignoreSetMailbox({ identity: megan, count: 1 });
    const res = await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '60GB' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { '@adminapi.warnings': string[] })['@adminapi.warnings']).toEqual([]);
    expect(sim.mailbox(megan)?.quotaGB).toBe(50);
    await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: megan, ProhibitSendReceiveQuota: '60GB' });
    expect(sim.mailbox(megan)?.quotaGB).toBe(60);
  });

  it('lets tests mutate mailbox state directly', async () => {
    sim.setMailbox(megan, { quotaGB: 80, usedGB: 79 });
    const token = await simToken(sim, CONTOSO, 'exchange');
    const mbx = (await (await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: megan })).json()) as { value: Record<string, unknown>[] };
    expect(mbx.value[0]).toMatchObject({ ProhibitSendReceiveQuota: '80 GB (85,899,345,920 bytes)', ProhibitSendQuota: '79.2 GB (85,040,352,461 bytes)' });
    const stats = (await (await invoke(sim, CONTOSO, token, 'Get-MailboxStatistics', { Identity: megan })).json()) as { value: Record<string, unknown>[] };
    expect(stats.value[0]?.TotalItemSize).toBe('79 GB (84,825,604,096 bytes)');
  });

  it('scopes faults by tenant, so the other tenant is untouched', async () => {
    const con = await simToken(sim, CONTOSO, 'graph');
    const fab = await simToken(sim, FABRIKAM, 'graph');
    sim.faults.failNext(1, { tenantId: FABRIKAM, status: 502 });
    expect((await graphUser(sim, con, megan)).status).toBe(200);
    expect((await graphUser(sim, fab, 'diego.siciliani@fabrikam.example')).status).toBe(502);
  });
});
