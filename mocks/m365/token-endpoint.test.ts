import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createM365Simulator, type M365Simulator } from './create-m365-simulator.js';
import { CONTOSO, FABRIKAM, SCOPES, tokenRequest } from './sim-test-helpers.js';

let sim: M365Simulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  sim = createM365Simulator();
  server.use(...sim.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const good = () => ({ grant_type: 'client_credentials', client_id: sim.app.clientId, client_secret: sim.app.clientSecret, scope: SCOPES.graph });

describe('simulated Entra ID token endpoint', () => {
  it('issues a Bearer token bound to the tenant and audience', async () => {
    const res = await tokenRequest(sim, CONTOSO, good());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token_type: string; expires_in: number; access_token: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3599);
    const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ tid: CONTOSO, aud: 'https://graph.microsoft.com', appid: sim.app.clientId });
    expect(sim.calls).toEqual([expect.objectContaining({ system: 'login', tenantId: CONTOSO, method: 'POST', status: 200 })]);
  });

  it('refuses a wrong secret with AADSTS7000215 and never echoes the secret sent', async () => {
    const res = await tokenRequest(sim, CONTOSO, { ...good(), client_secret: 'a-wrong-secret-value' });
    expect(res.status).toBe(401);
    const text = await res.text();
    const body = JSON.parse(text) as { error: string; error_description: string; error_codes: number[] };
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    expect(text).not.toContain('a-wrong-secret-value');
  });

  it.each([
    ['unknown tenant', 'a1b2c3d4-0000-0000-0000-000000000000', {}, 400, 'invalid_request', 90002],
    ['unknown app', CONTOSO, { client_id: 'someone-else' }, 400, 'unauthorized_client', 700016],
    ['missing secret', CONTOSO, { client_secret: '' }, 401, 'invalid_client', 7000218],
    ['a delegated scope', CONTOSO, { scope: 'User.Read' }, 400, 'invalid_scope', 1002012],
    ['an unknown resource', CONTOSO, { scope: 'https://vault.azure.net/.default' }, 400, 'invalid_resource', 500011],
    ['another grant', CONTOSO, { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
  ])('answers %s with the AADSTS error', async (_name, tenant, override, status, error, code) => {
    const res = await tokenRequest(sim, tenant, { ...good(), ...override });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error, error_codes: [code] });
  });

  it('accepts the Exchange audience, ignoring OIDC scopes a library adds', async () => {
    const res = await tokenRequest(sim, FABRIKAM, { ...good(), scope: `${SCOPES.exchange} openid profile offline_access` });
    expect(res.status).toBe(200);
  });

  it('refuses every token once consent is withdrawn from a tenant, and only there', async () => {
    sim.revokeConsent(FABRIKAM);
    expect((await tokenRequest(sim, FABRIKAM, good())).status).toBe(400);
    expect((await tokenRequest(sim, CONTOSO, good())).status).toBe(200);
  });

  it('serves OpenID discovery documents for the tenant', async () => {
    const res = await fetch(`${sim.urls.authority}/${CONTOSO}/v2.0/.well-known/openid-configuration`);
    expect(await res.json()).toMatchObject({ token_endpoint: `https://login.microsoftonline.com/${CONTOSO}/oauth2/v2.0/token` });
    const inst = await fetch(`${sim.urls.authority}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`);
    expect(await inst.json()).toMatchObject({ 'api-version': '1.1', metadata: [{ preferred_network: 'login.microsoftonline.com' }] });
  });
});
