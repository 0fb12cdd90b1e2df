import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { HaloStatuses } from './api-schemas.js';
import { haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';

let t: HaloTestSetup;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => t.sim.faults.reset());

function setup(o: Parameters<typeof haloTestSetup>[0] = {}) {
  t = haloTestSetup(o);
  server.resetHandlers(...t.sim.handlers);
  return t;
}
const statuses = (client: ReturnType<HaloTestSetup['client']>) => client.request({ method: 'GET', path: '/Status', operation: 'listStatuses', schema: HaloStatuses });
const paths = () => t.sim.calls.map((c) => `${c.method} ${c.path}${c.path === '/auth/token' ? c.query : ''}`);

describe('token discovery and caching', () => {
  it('asks /api/AuthInfo once, gets one token for the tenant, and reuses it', async () => {
    setup();
    const client = t.client();
    await statuses(client);
    await statuses(client);
    await Promise.all([statuses(client), statuses(client)]);
    expect(paths()).toEqual(['GET /AuthInfo', 'POST /auth/token?tenant=msp', 'GET /Status', 'GET /Status', 'GET /Status', 'GET /Status']);
    expect(t.sim.state.specViolations).toEqual([]);
  });

  it('shares one token fetch between concurrent first calls', async () => {
    setup();
    const client = t.client();
    await Promise.all(Array.from({ length: 5 }, () => statuses(client)));
    expect(paths().filter((p) => p.startsWith('POST /auth/token'))).toHaveLength(1);
  });

  it('takes the tenant from AuthInfo when config has none, and skips discovery when authUrl is configured', async () => {
    setup({ install: { tenant: undefined } });
    await statuses(t.client());
    expect(paths()[1]).toBe('POST /auth/token?tenant=msp');
    setup({ install: { authUrl: 'https://msp.halopsa.com/auth' } });
    await statuses(t.client());
    expect(paths()).toEqual(['POST /auth/token?tenant=msp', 'GET /Status']);
  });

  it('sends no tenant to a self-hosted instance', async () => {
    setup({ sim: { tenant: undefined }, install: { tenant: undefined } });
    await statuses(t.client());
    expect(paths()).toEqual(['GET /AuthInfo', 'POST /auth/token', 'GET /Status']);
  });

  it('renews the token before it expires', async () => {
    let now = Date.UTC(2026, 0, 1);
    setup({ sim: { tokenLifetimeSeconds: 600, now: () => new Date(now) } });
    const client = t.client({ now: () => now });
    await statuses(client);
    now += 4 * 60_000; // half-life of a 10-minute token is 5 minutes
    await statuses(client);
    now += 2 * 60_000;
    await statuses(client);
    expect(paths().filter((p) => p.startsWith('POST /auth/token'))).toHaveLength(2);
  });

  it('fetches a new token once when Halo stops accepting a cached one', async () => {
    setup();
    const client = t.client();
    await statuses(client);
    t.sim.expireTokens();
    await statuses(client);
    expect(paths()).toEqual(['GET /AuthInfo', 'POST /auth/token?tenant=msp', 'GET /Status', 'GET /Status', 'POST /auth/token?tenant=msp', 'GET /Status']);
  });
});

describe('credential failures never show the secret', () => {
  it('a wrong secret is a final 401 from the auth server', async () => {
    setup();
    const wrong = 'definitely-wrong-secret';
    const err = await statuses(t.client({ env: { ...t.env, HALO_ACME_SECRET: wrong } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect(err).toMatchObject({ system: 'halopsa-auth', status: 401, retryable: false });
    expect(String((err as Error).message)).toContain('invalid_client');
    expect(String((err as Error).message)).not.toContain(wrong);
    expect(paths().filter((p) => p.startsWith('POST /auth/token'))).toHaveLength(1);
  });

  it('a missing secret names the environment variable and calls nothing', async () => {
    setup();
    const err = await statuses(t.client({ env: {} })).catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('HALO_ACME_SECRET is not set');
    expect(paths()).toEqual([]);
  });

  it('reports attempts with the system they went to', async () => {
    setup();
    const seen: string[] = [];
    await statuses(t.client({ onAttempt: (a) => seen.push(`${a.system} ${a.method} ${a.path} ${a.status}`) }));
    expect(seen).toEqual(['halopsa GET /AuthInfo 200', 'halopsa-auth POST /token 200', 'halopsa GET /Status 200']);
  });
});
