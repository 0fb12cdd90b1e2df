import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createM365Simulator, type M365Simulator } from './create-m365-simulator.js';
import { CONTOSO, FABRIKAM, graphUser, simToken } from './sim-test-helpers.js';

let sim: M365Simulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  sim = createM365Simulator();
  server.use(...sim.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SELECT = 'id,userPrincipalName,mail,displayName,accountEnabled,onPremisesSyncEnabled';

describe('simulated Graph users', () => {
  it('returns the selected properties of a user in the token tenant, by UPN or by id', async () => {
    const token = await simToken(sim, CONTOSO, 'graph');
    const res = await graphUser(sim, token, 'Megan.Bowen@contoso.example', SELECT);
    expect(res.status).toBe(200);
    const user = (await res.json()) as Record<string, unknown>;
    expect(user).toEqual({
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users(${SELECT})/$entity`,
      id: sim.user('megan.bowen@contoso.example')?.id,
      userPrincipalName: 'megan.bowen@contoso.example',
      mail: 'megan.bowen@contoso.example',
      displayName: 'Megan Bowen',
      accountEnabled: true,
      onPremisesSyncEnabled: null,
    });
    const byId = await graphUser(sim, token, String(user.id), 'userPrincipalName');
    expect(await byId.json()).toMatchObject({ userPrincipalName: 'megan.bowen@contoso.example' });
  });

  it('leaves accountEnabled out of the default property set, as Graph does', async () => {
    const token = await simToken(sim, CONTOSO, 'graph');
    const user = (await (await graphUser(sim, token, 'lee.gu@contoso.example')).json()) as Record<string, unknown>;
    expect(user.displayName).toBe('Lee Gu');
    expect(user).not.toHaveProperty('accountEnabled');
  });

  it('answers 404 Request_ResourceNotFound for an unknown user, and 400 for an unknown property', async () => {
    const token = await simToken(sim, CONTOSO, 'graph');
    const missing = await graphUser(sim, token, 'nobody@contoso.example');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
    const bad = await graphUser(sim, token, 'lee.gu@contoso.example', 'id,shoeSize');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'." } });
  });

  it('a token for one tenant never reads another tenant\'s user', async () => {
    const contosoToken = await simToken(sim, CONTOSO, 'graph');
    const res = await graphUser(sim, contosoToken, 'diego.siciliani@fabrikam.example', SELECT);
    expect(res.status).toBe(404);
    const fabrikamToken = await simToken(sim, FABRIKAM, 'graph');
    expect((await graphUser(sim, fabrikamToken, 'diego.siciliani@fabrikam.example')).status).toBe(200);
    expect(sim.calls.filter((c) => c.system === 'graph').map((c) => [c.tenantId, c.status])).toEqual([
      [CONTOSO, 404],
      [FABRIKAM, 200],
    ]);
  });

  it('answers 401 for no token, a forged token, an Exchange token and an expired token', async () => {
    const upn = 'lee.gu@contoso.example';
    expect(await (await graphUser(sim, null, upn)).json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const real = await simToken(sim, CONTOSO, 'graph');
    const [h, , s] = real.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ tid: FABRIKAM, aud: 'https://graph.microsoft.com' })).toString('base64url')}.${s}`;
    expect((await graphUser(sim, forged, upn)).status).toBe(401);
    const exchange = await simToken(sim, CONTOSO, 'exchange');
    expect(await (await graphUser(sim, exchange, upn)).json()).toMatchObject({ error: { message: 'Access token validation failure. Invalid audience.' } });
    sim.expireTokens();
    const expired = await graphUser(sim, real, upn);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { message: 'Lifetime validation failed, the token is expired.' } });
  });

  it('reflects direct state changes', async () => {
    sim.setUser('lee.gu@contoso.example', { accountEnabled: false, onPremisesSyncEnabled: true });
    const token = await simToken(sim, CONTOSO, 'graph');
    expect(await (await graphUser(sim, token, 'lee.gu@contoso.example', SELECT)).json()).toMatchObject({ accountEnabled: false, onPremisesSyncEnabled: true });
  });
});
