import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicAuthorization } from './auth.js';
import { cwFetch, newTestSimulator } from './test-kit.js';
import type { ConnectWiseSimulator } from './simulator.js';

let sim: ConnectWiseSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
});

describe('ConnectWise simulator auth', () => {
  it('accepts Basic companyId+publicKey:privateKey with the clientId header', async () => {
    const res = await cwFetch(sim, '/company/companies');
    expect(res.status).toBe(200);
    expect(res.json.map((c: { id: number; identifier: string }) => [c.id, c.identifier])).toEqual([
      [250, 'ContosoLtd'],
      [251, 'FabrikamInc'],
    ]);
  });

  it('treats the company id case-insensitively, like CW', async () => {
    const c = sim.state.calls;
    const creds = { companyId: 'TICKETFIXDEMO', publicKey: '', privateKey: '' };
    const own = sim.authHeaders().Authorization!.replace(/^Basic /, '');
    const [user, priv] = Buffer.from(own, 'base64').toString().split(':') as [string, string];
    creds.publicKey = user.split('+')[1]!;
    creds.privateKey = priv;
    const res = await cwFetch(sim, '/company/companies/250', { headers: { Authorization: basicAuthorization(creds) } });
    expect(res.status).toBe(200);
    expect(c.at(-1)).toMatchObject({ method: 'GET', path: '/company/companies/250', status: 200 });
  });

  it.each([
    ['no Authorization header', { Authorization: '' }],
    ['a wrong private key', { Authorization: basicAuthorization({ companyId: 'ticketfixdemo', publicKey: 'x', privateKey: 'y' }) }],
    ['a Bearer token', { Authorization: 'Bearer abc' }],
    ['no clientId header', { clientId: '' }],
    ['a foreign clientId', { clientId: 'not-ours' }],
  ])('answers 401 with a CW-style error for %s', async (_label, headers) => {
    const res = await cwFetch(sim, '/service/tickets', { headers });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ code: 'Unauthorized', message: expect.any(String) });
    expect(sim.calls.at(-1)).toMatchObject({ path: '/service/tickets', status: 401 });
  });

  it('serves the signing key at key_url without credentials', async () => {
    const res = await fetch(sim.keyUrl());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signing_key: sim.signingKey() });
    expect(sim.keyUrl().startsWith(sim.baseUrl)).toBe(true);
  });
});
