import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GLOBAL_ZONE_LOOKUP_URL } from '../../mocks/autotask/simulator.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { endpointOf } from './endpoint-limiter.js';
import { autotaskTestSetup, type AutotaskTestSetupOptions } from '../../test/support/autotask/test-kit.js';
import { createZoneCache, zoneBaseUrl } from './zone-discovery.js';

let t: ReturnType<typeof autotaskTestSetup>;
let seen: Request[];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
function use(o: AutotaskTestSetupOptions = {}) {
  t = autotaskTestSetup(o);
  seen = [];
  server.resetHandlers(...t.sim.handlers);
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => void seen.push(request.clone()));
}
beforeEach(() => use());

describe('the Autotask seam', () => {
  it('sends ApiIntegrationCode, UserName and Secret on every call, and never puts the secret in an error', async () => {
    const item = await t.client().request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' });
    expect(item).toMatchObject({ item: { id: 250 } });
    const headers = seen[0]!.headers;
    expect([headers.get('apiintegrationcode'), headers.get('username'), headers.get('secret')]).toEqual([t.credentials.integrationCode, t.credentials.userName, t.credentials.secret]);
    expect(headers.get('impersonationresourceid')).toBeNull();
    const bad = t.client({ env: { AT_ACME_SECRET: 'wrong-secret-value' } });
    const err = (await bad.request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(err.message).not.toContain('wrong-secret-value');
    expect(err.message).not.toContain(t.credentials.secret);
  });

  it('refuses to call without the secret in the environment, naming the variable', async () => {
    const err = (await t.client({ env: {} }).request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toBeInstanceOf(OutsideApiError);
    expect(err.message).toContain('AT_ACME_SECRET');
    expect(t.sim.calls).toHaveLength(0);
  });
});

describe('zone discovery', () => {
  it('asks ZoneInformation (without credentials) when no baseUrl is configured, then caches the zone', async () => {
    use({ baseUrl: null });
    const cache = createZoneCache();
    const first = t.client({ zoneCache: cache });
    expect(await first.resolveBaseUrl()).toBe(t.sim.baseUrl);
    await first.request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' });
    await t.client({ zoneCache: cache }).request({ method: 'GET', path: '/Companies/251', operation: 'getCompany' });
    const lookups = seen.filter((r) => r.url.startsWith(GLOBAL_ZONE_LOOKUP_URL));
    expect(lookups).toHaveLength(1);
    expect(new URL(lookups[0]!.url).searchParams.get('user')).toBe(t.credentials.userName);
    expect(lookups[0]!.headers.get('secret')).toBeNull();
    expect(first.baseUrl).toBe(t.sim.baseUrl);
  });

  it('refuses a zone that is not an Autotask web-services host, and does not cache the failure', async () => {
    use({ baseUrl: null });
    server.use(http.get(GLOBAL_ZONE_LOOKUP_URL, () => HttpResponse.json({ zoneName: 'x', url: 'https://collector.evil.example/ATServicesRest/' }), { once: true }));
    const cache = createZoneCache();
    const err = (await t.client({ zoneCache: cache }).request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err.message).toContain('refusing to send credentials');
    expect(seen.some((r) => r.url.includes('evil.example'))).toBe(false);
    expect(await t.client({ zoneCache: cache }).resolveBaseUrl()).toBe(t.sim.baseUrl);
  });

  it('reports an unknown API user as a failed lookup', async () => {
    use({ baseUrl: null, autotask: { apiUserName: 'nobody@example.com' } });
    await expect(t.client().resolveBaseUrl()).rejects.toMatchObject({ status: 404 });
  });

  it.each([
    ['https://webservices5.autotask.net/ATServicesRest/', 'https://webservices5.autotask.net/ATServicesRest/V1.0'],
    ['https://webservices5.autotask.net/atservicesrest', 'https://webservices5.autotask.net/atservicesrest/V1.0'],
    ['https://webservices5.autotask.net/ATServicesRest/V1.0/', 'https://webservices5.autotask.net/ATServicesRest/V1.0'],
    // A doubled slash, as ZoneInformation has been seen to answer.
    ['https://webservices5.autotask.net//ATServicesRest/', 'https://webservices5.autotask.net/ATServicesRest/V1.0'],
  ])('turns the zone url %s into the REST base %s', (url, base) => {
    expect(zoneBaseUrl(url)).toBe(base);
  });
});

describe('endpointOf', () => {
  it.each([
    ['/Tickets/5', 'Tickets'],
    ['/Tickets/query', 'Tickets'],
    ['/Tickets/entityInformation/fields', 'Tickets'],
    ['/Tickets/5/Notes', 'TicketNotes'],
    ['/TicketNotes/query', 'TicketNotes'],
    ['/TicketWebhooks/3/Fields', 'TicketWebhookFields'],
    ['/TicketWebhooks/3/ExcludedResources', 'TicketWebhookExcludedResources'],
    ['/Companies/250/Notes', 'CompanyNotes'],
  ])('counts %s against the %s endpoint (as Autotask names child entities)', (path, endpoint) => {
    expect(endpointOf(path)).toBe(endpoint);
  });
});
