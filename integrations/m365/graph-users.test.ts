import { beforeEach, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { REAL_M365_URLS, type M365Simulator } from '../../mocks/m365/index.js';
import { createM365Factory } from './create-m365-factory.js';
import { CONTOSO, ENV, SANDBOX_URLS, createM365Simulator, m365Config, mswForM365, recordingSleep } from '../../test/support/m365/m365-test-kit.js';

const msw = mswForM365();
let sim: M365Simulator;
let pause: ReturnType<typeof recordingSleep>;
beforeEach(() => {
  sim = msw.use(createM365Simulator({ urls: SANDBOX_URLS }));
  pause = recordingSleep();
});
const contoso = () => createM365Factory(m365Config(SANDBOX_URLS), ENV, { sleep: pause.sleep })(CONTOSO);
const graphCalls = () => sim.calls.filter((c) => c.system === 'graph');

describe('GraphUsers', () => {
  it('returns the user with the properties the engine checks', async () => {
    const user = await contoso().graph.getUser('megan.bowen@contoso.example');
    expect(user).toEqual({
      id: sim.user('megan.bowen@contoso.example')?.id,
      userPrincipalName: 'megan.bowen@contoso.example',
      mail: 'megan.bowen@contoso.example',
      displayName: 'Megan Bowen',
      accountEnabled: true,
      onPremisesSyncEnabled: null,
    });
    expect(graphCalls()).toEqual([expect.objectContaining({ tenantId: CONTOSO, path: '/sim/graph/v1.0/users/megan.bowen%40contoso.example', status: 200 })]);
  });

  it('finds a user by object id as well', async () => {
    const id = sim.user('lee.gu@contoso.example')?.id ?? '';
    expect((await contoso().graph.getUser(id))?.userPrincipalName).toBe('lee.gu@contoso.example');
  });

  it('maps 404 to null', async () => {
    expect(await contoso().graph.getUser('nobody@contoso.example')).toBeNull();
  });

  it('does not see another tenant\'s user', async () => {
    expect(await contoso().graph.getUser('diego.siciliani@fabrikam.example')).toBeNull();
  });

  it('waits out Retry-After on 429 and then succeeds', async () => {
    sim.faults.throttleNext(2, 3, { system: 'graph' });
    expect(await contoso().graph.getUser('lee.gu@contoso.example')).not.toBeNull();
    expect(pause.waits).toEqual([3000, 3000]);
    expect(graphCalls().map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('gives up with a retryable OutsideApiError when the tenant stays down', async () => {
    sim.faults.outage(CONTOSO, ['graph']);
    const err = (await contoso().graph.getUser('lee.gu@contoso.example').catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toBeInstanceOf(OutsideApiError);
    expect([err.system, err.status, err.retryable]).toEqual(['graph', 503, true]);
    expect(graphCalls()).toHaveLength(4);
  });

  it('fetches a fresh token once when Graph answers 401 for a cached one', async () => {
    const m365 = contoso();
    await m365.graph.getUser('lee.gu@contoso.example');
    sim.expireTokens();
    expect(await m365.graph.getUser('lee.gu@contoso.example')).not.toBeNull();
    expect(graphCalls().map((c) => c.status)).toEqual([200, 401, 200]);
    expect(sim.calls.filter((c) => c.system === 'login')).toHaveLength(2);
  });

  it('refuses identities that are neither an object id nor a UPN, without calling Graph', async () => {
    for (const bad of ['..', 'megan', 'a/b@contoso.example', 'x@contoso.example?$select=passwordProfile', ' megan@contoso.example']) {
      await expect(contoso().graph.getUser(bad)).rejects.toThrow(/not a user id or user principal name/);
    }
    expect(sim.calls).toEqual([]);
  });

  it('works the same through msal-node against the real hosts', async () => {
    sim = msw.use(createM365Simulator());
    const m365 = createM365Factory(m365Config(REAL_M365_URLS), ENV)(CONTOSO);
    expect((await m365.graph.getUser('megan.bowen@contoso.example'))?.displayName).toBe('Megan Bowen');
    expect(sim.calls.map((c) => `${c.system} ${c.status}`)).toEqual(['login 200', 'graph 200']);
  });
});
