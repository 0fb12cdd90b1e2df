import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HALO_LIMITS } from './rate-limit.js';
import type { HaloSimulator } from './simulator.js';
import { haloFetch, newTestSimulator } from './test-kit.js';

let sim: HaloSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
});
afterEach(() => sim.faults.reset());

describe('rate limit (per tenant, rolling window)', () => {
  it('defaults to 450 requests per 5 minutes when not configured', () => {
    const s = newTestSimulator({ limits: undefined });
    expect(s.limits.limits).toEqual(DEFAULT_HALO_LIMITS);
  });

  it('answers 429 with Retry-After once the window is spent, and lets calls through as old ones leave it', async () => {
    let t = Date.UTC(2026, 0, 1);
    sim = newTestSimulator({ limits: { max: 3, windowMs: 10_000 }, now: () => new Date(t) });
    server.resetHandlers(...sim.handlers);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await haloFetch(sim, '/Status')).status);
      t += 2_000;
    }
    const limited = await haloFetch(sim, '/Status');
    expect([...statuses, limited.status]).toEqual([200, 200, 200, 429]);
    // The first call (at 0 s) leaves the 10 s window at 10 s; it is now 6 s.
    expect(limited.headers.get('retry-after')).toBe('4');
    t += 4_000;
    expect((await haloFetch(sim, '/Status')).status).toBe(200);
    expect((await haloFetch(sim, '/Status')).status).toBe(429);
    expect(sim.calls.map((c) => c.fault ?? null)).toEqual([null, null, null, 'rateLimit', null, 'rateLimit']);
    sim.limits.configure(null);
    expect((await haloFetch(sim, '/Status')).status).toBe(200);
  });

  it('does not count the token endpoint', async () => {
    sim = newTestSimulator({ limits: { max: 1, windowMs: 60_000 } });
    server.resetHandlers(...sim.handlers);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${sim.authUrl}/token?tenant=msp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=x&client_secret=y' });
      expect(res.status).toBe(401);
    }
    expect(sim.limits.used()).toBe(0);
  });
});

describe('faults', () => {
  it('failNext answers the status for matching calls only, then recovers', async () => {
    sim.faults.failNext(2, { path: '/Tickets/*', status: 502 });
    expect((await haloFetch(sim, '/Status')).status).toBe(200);
    expect((await haloFetch(sim, '/Tickets/1')).status).toBe(502);
    expect((await haloFetch(sim, '/tickets/1')).status).toBe(502);
    expect((await haloFetch(sim, '/Tickets/1')).status).toBe(404);
    expect(sim.calls.map((c) => c.fault ?? null)).toEqual([null, 'failNext 502', 'failNext 502', null]);
  });

  it('throttleNext answers 429 with the given Retry-After', async () => {
    sim.faults.throttleNext(1, { retryAfterSeconds: 7 });
    const res = await haloFetch(sim, '/Status');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('an outage takes down the token endpoint too', async () => {
    sim.faults.outage(true, 30);
    expect((await haloFetch(sim, '/Status')).status).toBe(503);
    const token = await fetch(`${sim.authUrl}/token?tenant=msp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    expect(token.status).toBe(503);
    expect(token.headers.get('retry-after')).toBe('30');
    sim.faults.outage(false);
    expect((await haloFetch(sim, '/Status')).status).toBe(200);
  });

  it('latency delays matching calls', async () => {
    sim.faults.latency(150, { method: 'GET' });
    const started = Date.now();
    await haloFetch(sim, '/Status');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hangNext holds a call until reset, which answers 503', async () => {
    sim.faults.hangNext(1, { path: '/Status' });
    const pending = haloFetch(sim, '/Status');
    const raced = await Promise.race([pending.then(() => 'answered'), new Promise((r) => setTimeout(() => r('still hanging'), 100))]);
    expect(raced).toBe('still hanging');
    sim.faults.reset();
    expect((await pending).status).toBe(503);
  });
});
