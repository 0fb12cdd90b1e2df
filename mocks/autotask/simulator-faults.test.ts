import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atFetch, newTestSimulator } from './test-kit.js';
import type { AutotaskSimulator } from './simulator.js';

let sim: AutotaskSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
});
afterEach(() => sim.faults.reset());

describe('fault injection and call log', () => {
  it('fails the next N matching calls with Autotask error bodies, logging each with its endpoint', async () => {
    sim.faults.failNext(2, { path: '/Companies/*' });
    expect((await atFetch(sim, '/Contacts/30682901')).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await atFetch(sim, '/Companies/250')).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(sim.calls.map((c) => [c.path, c.endpoint, c.status, c.fault])).toEqual([
      ['/Contacts/30682901', 'Contacts', 200, undefined],
      ['/Companies/250', 'Companies', 500, 'failNext 500'],
      ['/Companies/250', 'Companies', 500, 'failNext 500'],
      ['/Companies/250', 'Companies', 200, undefined],
    ]);
    expect((await atFetch(sim, '/Companies/250')).json).toMatchObject({ item: { companyName: 'Contoso Ltd' } });
  });

  it('throttles with 429 + Retry-After, narrowing by method, and takes everything down with an outage', async () => {
    sim.faults.throttleNext(1, { method: 'POST', retryAfterSeconds: 7 });
    expect((await atFetch(sim, '/Companies/250')).status).toBe(200);
    const res = await atFetch(sim, '/Tickets', { method: 'POST', body: { title: 'x', companyID: 250, status: 1, priority: 2 } });
    expect(res).toMatchObject({ status: 429, json: { errors: [expect.any(String)] } });
    expect(res.headers.get('retry-after')).toBe('7');
    expect(sim.state.tickets).toHaveLength(0);
    sim.faults.outage(true, 30);
    expect((await atFetch(sim, '/ThresholdInformation')).status).toBe(503);
    sim.faults.outage(false);
    expect((await atFetch(sim, '/ThresholdInformation')).status).toBe(200);
  });

  it('hangs a call (holding its thread) until reset, so clients time out', async () => {
    sim.faults.hangNext(1, { path: '/Companies/250' });
    await expect(fetch(`${sim.baseUrl}/Companies/250`, { headers: sim.authHeaders(), signal: AbortSignal.timeout(100) })).rejects.toThrow();
    sim.faults.reset();
    expect((await atFetch(sim, '/Companies/250')).status).toBe(200);
  });

  it('answers unknown routes under the base with 404 {errors}', async () => {
    const res = await atFetch(sim, '/Opportunities/1');
    expect(res).toMatchObject({ status: 404, json: { errors: [expect.stringContaining('/Opportunities/1')] } });
  });
});
