import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GUARDED_RESOURCE_ID, INACTIVE_RESOURCE_ID, TECHNICIAN_RESOURCE_ID } from './seed-state.js';
import { GLOBAL_ZONE_LOOKUP_URL, type AutotaskSimulator, type AutotaskSimulatorOptions } from './simulator.js';
import { AT_API_RESOURCE_ID, atFetch, newTestSimulator } from './test-kit.js';

let sim: AutotaskSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
const use = (o: Partial<AutotaskSimulatorOptions> = {}) => {
  sim = newTestSimulator(o);
  server.resetHandlers(...sim.handlers);
};
beforeEach(() => use());
afterEach(() => sim.faults.reset());

describe('authentication', () => {
  it.each([
    ['no headers', { ApiIntegrationCode: '', UserName: '', Secret: '' }],
    ['a wrong secret', { Secret: 'guessed' }],
    ['a wrong tracking identifier', { ApiIntegrationCode: 'SOMEONEELSE' }],
    ['a wrong user', { UserName: 'intruder@example.com' }],
  ])('answers 401 {errors} for %s', async (_label, headers) => {
    const res = await atFetch(sim, '/Companies/250', { headers });
    expect(res.status).toBe(401);
    expect(res.json.errors).toEqual([expect.stringContaining('Unauthorized')]);
  });

  it('honours ImpersonationResourceId only for an active, impersonable, non-API resource', async () => {
    const ticket = sim.createTicket({ title: 't', companyID: 250 });
    const patch = (impersonate: number) => atFetch(sim, '/Tickets', { method: 'PATCH', body: { id: ticket.id, priority: 1 }, impersonate });
    expect((await patch(TECHNICIAN_RESOURCE_ID)).status).toBe(200);
    expect(sim.ticket(ticket.id).lastActivityResourceID).toBe(TECHNICIAN_RESOURCE_ID);
    expect(sim.calls.at(-1)).toMatchObject({ impersonating: TECHNICIAN_RESOURCE_ID });
    for (const [id, message] of [
      [INACTIVE_RESOURCE_ID, 'inactive'],
      [GUARDED_RESOURCE_ID, 'does not allow impersonation'],
      [AT_API_RESOURCE_ID, 'API-only'],
      [1, 'does not match a resource'],
    ] as const) {
      const res = await patch(id);
      expect(res.status).toBe(500);
      expect(res.json.errors[0]).toContain(message);
    }
  });
});

describe('zone discovery', () => {
  it('answers ZoneInformation on the global host without credentials, url without V1.0', async () => {
    const res = await fetch(`${GLOBAL_ZONE_LOOKUP_URL}?user=${encodeURIComponent(sim.authHeaders().UserName!)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ zoneName: expect.any(String), url: 'https://webservices5.autotask.net//ATServicesRest/', webUrl: 'https://ww5.autotask.net/', ci: expect.any(Number) });
    expect((await fetch(`${GLOBAL_ZONE_LOOKUP_URL}?user=nobody@example.com`)).status).toBe(404);
  });
});

describe('request threshold (per database, rolling hour)', () => {
  it('counts requests in ThresholdInformation, refuses at 100% with 429, and recovers as the window rolls', async () => {
    use({ limits: { requestsPerHour: 4, hourMs: 300 } });
    for (let i = 0; i < 3; i++) expect((await atFetch(sim, '/Companies/250')).status).toBe(200);
    expect((await atFetch(sim, '/ThresholdInformation')).json).toEqual({ externalRequestThreshold: 4, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 4 });
    const refused = await atFetch(sim, '/Companies/250');
    expect(refused.status).toBe(429);
    expect(refused.json.errors[0]).toContain('Request Threshold Exceeded');
    expect(sim.calls.at(-1)).toMatchObject({ status: 429, fault: 'request threshold' });
    // ZoneInformation is not metered.
    expect((await fetch(`${GLOBAL_ZONE_LOOKUP_URL}?user=${encodeURIComponent(sim.authHeaders().UserName!)}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 320));
    expect((await atFetch(sim, '/Companies/250')).status).toBe(200);
  });

  it('adds latency to every call once half the budget is used', async () => {
    use({ limits: { requestsPerHour: 4, hourMs: 60_000, latencyPastHalfMs: 150 } });
    // Below half the budget no latency is added: with timers stood still these answer anyway (a delayed one never would).
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const quick = atFetch(sim, '/Companies/250').then(() => atFetch(sim, '/Companies/250'));
      // A delay shows up as a pending (fake) timer: the race ends 'delayed' instead of hanging.
      const delayed = vi.waitUntil(() => vi.getTimerCount() > 0, { timeout: 2000, interval: 5 });
      expect(await Promise.race([quick.then(() => 'answered'), delayed.then(() => 'delayed')])).toBe('answered');
    } finally {
      vi.useRealTimers();
    }
    const started = Date.now();
    await atFetch(sim, '/Companies/250');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('thread limit (3 concurrent per tracking identifier and endpoint)', () => {
  it('refuses a 4th concurrent request to one endpoint with 429, while other endpoints are unaffected', async () => {
    sim.faults.latency(120);
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => atFetch(sim, '/Companies/250')),
      atFetch(sim, '/Contacts/30682901'),
      atFetch(sim, '/Resources/29682886'),
    ]);
    const companies = results.slice(0, 4).map((r) => r.status);
    expect(companies.filter((s) => s === 429)).toHaveLength(1);
    expect(companies.filter((s) => s === 200)).toHaveLength(3);
    expect(results.slice(4).map((r) => r.status)).toEqual([200, 200]);
    expect(results.find((r) => r.status === 429)!.json.errors[0]).toContain('thread threshold of 3 threads has been exceeded for the Companies endpoint');
    expect(sim.limits.peakThreads.get(`${sim.authHeaders().ApiIntegrationCode}|Companies`)).toBe(3);
    // The thread is given back when the answer is sent.
    expect((await atFetch(sim, '/Companies/250')).status).toBe(200);
  });

  it('counts a ticket and its notes as different endpoints', async () => {
    const t = sim.createTicket({ title: 't', companyID: 250 });
    sim.faults.latency(100);
    const results = await Promise.all([...Array.from({ length: 3 }, () => atFetch(sim, `/Tickets/${t.id}`)), ...Array.from({ length: 3 }, () => atFetch(sim, `/Tickets/${t.id}/Notes`))]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});
