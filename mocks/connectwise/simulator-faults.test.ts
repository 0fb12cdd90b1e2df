import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
afterEach(() => sim.faults.reset());

describe('fault injection', () => {
  it('fails the next N matching calls with 500, then recovers; other paths are untouched', async () => {
    sim.faults.failNext(2, { path: '/service/tickets/*' });
    expect((await cwFetch(sim, '/company/companies')).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await cwFetch(sim, '/service/tickets')).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(sim.calls.map((c) => [c.path, c.status, c.fault])).toEqual([
      ['/company/companies', 200, undefined],
      ['/service/tickets', 500, 'failNext 500'],
      ['/service/tickets', 500, 'failNext 500'],
      ['/service/tickets', 200, undefined],
    ]);
  });

  it('throttles with 429 and Retry-After, narrowing by method', async () => {
    sim.faults.throttleNext(1, { method: 'POST', retryAfterSeconds: 7 });
    expect((await cwFetch(sim, '/service/tickets')).status).toBe(200);
    const res = await cwFetch(sim, '/service/tickets', { method: 'POST', body: { summary: 'x', company: { id: 250 } } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(sim.state.tickets).toHaveLength(0);
  });

  it('takes the whole API down with a 503 outage, key_url included', async () => {
    sim.faults.outage(true, 30);
    const res = await cwFetch(sim, '/service/boards');
    expect(res.status).toBe(503);
    expect(res.json.code).toBe('ServiceUnavailable');
    expect((await fetch(sim.keyUrl())).status).toBe(503);
    sim.faults.outage(false);
    expect((await cwFetch(sim, '/service/boards')).status).toBe(200);
  });

  it('hangs a call so the client times out, until reset', async () => {
    sim.faults.hangNext(1, { path: '/service/boards' });
    await expect(fetch(`${sim.baseUrl}/service/boards`, { headers: sim.authHeaders(), signal: AbortSignal.timeout(100) })).rejects.toThrow();
    sim.faults.reset();
    expect((await cwFetch(sim, '/service/boards')).status).toBe(200);
  });

  it('adds latency to matching calls', async () => {
    sim.faults.latency(120, { path: /^\/company\// });
    const started = Date.now();
    await cwFetch(sim, '/company/companies');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('rate-limits across calls with a fixed window', async () => {
    sim.faults.rateLimit({ max: 2, windowMs: 60_000 });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await cwFetch(sim, '/company/companies'));
    expect(results.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(Number(results[2]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers unknown routes under the base with a CW-style 404', async () => {
    const res = await cwFetch(sim, '/procurement/catalog');
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('NotFound');
  });
});
