import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { haloFetch, HALO_TEST_TENANT, newTestSimulator } from './test-kit.js';
import type { HaloSimulator } from './simulator.js';

let sim: HaloSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
});
afterEach(() => sim.faults.reset());

async function token(form: Record<string, string>, query = `?tenant=${HALO_TEST_TENANT}`, contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(`${sim.authUrl}/token${query}`, { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams(form).toString() });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const app = () => ({ grant_type: 'client_credentials', client_id: 'client-1', client_secret: 'secret-1' });

describe('authinfo discovery and the token endpoint', () => {
  beforeEach(() => {
    sim = newTestSimulator({ app: { clientId: 'client-1', clientSecret: 'secret-1', scopes: ['read:tickets', 'edit:tickets'] } });
    server.resetHandlers(...sim.handlers);
  });

  it('answers /api/authinfo without a token, with the auth server and tenant (any casing)', async () => {
    for (const path of ['/authinfo', '/AuthInfo']) {
      const res = await fetch(`${sim.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ auth_url: 'https://msp.halopsa.com/auth', tenant_id: HALO_TEST_TENANT });
    }
  });

  it('issues an expiring bearer token for the client credentials grant, echoing the granted scopes', async () => {
    const res = await token({ ...app(), scope: 'all' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ token_type: 'Bearer', access_token: expect.any(String), expires_in: 3600, scope: 'read:tickets edit:tickets' });
    const api = await fetch(`${sim.baseUrl}/Status`, { headers: { Authorization: `Bearer ${String(res.json.access_token)}` } });
    expect(api.status).toBe(200);
  });

  it.each([
    ['a wrong secret', { client_secret: 'nope' }, '', 401, 'invalid_client'],
    ['an unknown client', { client_id: 'other' }, '', 401, 'invalid_client'],
    ['another grant type', { grant_type: 'password' }, '', 400, 'unsupported_grant_type'],
    ['a scope the application does not hold', { scope: 'read:tickets admin:webhooks' }, '', 400, 'invalid_scope'],
    ['no tenant on a hosted instance', {}, '?', 400, 'invalid_request'],
    ['another tenant', {}, '?tenant=someoneelse', 400, 'invalid_request'],
  ])('refuses %s', async (_label, over, query, status, error) => {
    const res = await token({ ...app(), ...over }, query || undefined);
    expect(res.status).toBe(status);
    expect(res.json.error).toBe(error);
    expect(res.json).not.toHaveProperty('access_token');
  });

  it('names the missing permission in invalid_scope', async () => {
    expect((await token({ ...app(), scope: 'admin:webhooks' })).json.error_description).toContain("'admin:webhooks'");
  });

  it('refuses a JSON token request', async () => {
    const res = await fetch(`${sim.authUrl}/token?tenant=${HALO_TEST_TENANT}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(app()) });
    expect(res.status).toBe(400);
  });
});

describe('bearer tokens and permissions on the resource server', () => {
  it('answers 401 with a Bearer challenge without a token, with an unknown one, and after expiry', async () => {
    expect((await haloFetch(sim, '/Status', { headers: { Authorization: '' } })).status).toBe(401);
    const unknown = await haloFetch(sim, '/Status', { headers: { Authorization: 'Bearer made-up' } });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('invalid_token');
    const headers = sim.authHeaders();
    expect((await haloFetch(sim, '/Status', { headers })).status).toBe(200);
    sim.expireTokens();
    const expired = await haloFetch(sim, '/Status', { headers });
    expect(expired).toMatchObject({ status: 401, json: { error: 'invalid_token', error_description: expect.stringContaining('expired') } });
  });

  it('answers 403 naming the permission a route needs', async () => {
    sim.setScopes(['read:tickets']);
    const res = await haloFetch(sim, '/Webhook');
    expect(res.status).toBe(403);
    expect(res.json.error_description).toContain("'admin:webhooks'");
    expect(res.headers.get('www-authenticate')).toContain('scope="admin:webhooks"');
    expect((await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ summary: 'x', client_id: 250 }] })).json.error_description).toContain("'edit:tickets'");
    expect((await haloFetch(sim, '/Status')).status).toBe(200);
  });

  it('logs each call with the agent the token logs in as', async () => {
    await haloFetch(sim, '/Status');
    expect(sim.calls.at(-1)).toMatchObject({ method: 'GET', path: '/Status', status: 200, agentId: 35 });
  });

  it('answers 404 for unknown routes and 405 for a known path with another method', async () => {
    expect((await haloFetch(sim, '/Nope')).status).toBe(404);
    expect((await haloFetch(sim, '/Status', { method: 'DELETE' })).status).toBe(405);
  });
});
