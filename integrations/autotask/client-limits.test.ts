import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { ThresholdInformation } from './api-schemas.js';
import { createBudgetGuard } from './budget-guard.js';
import { createEndpointLimiter } from './endpoint-limiter.js';
import { autotaskTestSetup, type AutotaskTestSetupOptions } from '../../test/support/autotask/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
function use(o: AutotaskTestSetupOptions = {}) {
  const t = autotaskTestSetup(o);
  server.resetHandlers(...t.sim.handlers);
  return t;
}
const refused = (t: ReturnType<typeof use>) => t.sim.calls.filter((c) => c.status === 429);
const threadKey = (t: ReturnType<typeof use>, endpoint: string) => `${t.credentials.integrationCode}|${endpoint}`;

describe('thread limit: at most 3 concurrent requests per endpoint', () => {
  it('never gets a thread-threshold 429 under parallel load, while the simulator sees 3 at a time', async () => {
    const t = use();
    t.sim.faults.latency(25);
    const client = t.client();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => client.request({ method: 'GET', path: `/Companies/${i % 2 ? 250 : 251}`, operation: 'getCompany' })));
    expect(results).toHaveLength(12);
    expect(refused(t)).toEqual([]);
    expect(t.sim.limits.peakThreads.get(threadKey(t, 'Companies'))).toBe(3);
  });

  it('is what keeps it safe: the same load through a limiter of 6 gets refused', async () => {
    const t = use();
    t.sim.faults.latency(25);
    const client = t.client({ limiter: createEndpointLimiter(6), maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' })));
    expect(refused(t).length).toBeGreaterThan(0);
    expect(results.some((r) => r.status === 'rejected' && (r.reason as OutsideApiError).status === 429)).toBe(true);
  });

  it('lets different endpoints run side by side', async () => {
    const limiter = createEndpointLimiter(1);
    const order: string[] = [];
    const slow = (name: string) => limiter.run(name, async () => {
      order.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 20));
      order.push(`end ${name}`);
    });
    await Promise.all([slow('Tickets'), slow('TicketNotes'), slow('Tickets')]);
    expect(order.slice(0, 2)).toEqual(['start Tickets', 'start TicketNotes']);
    expect(order.indexOf('start Tickets', 1)).toBeGreaterThan(order.indexOf('end Tickets'));
  });
});

describe('budget guard', () => {
  const reading = (used: number, limit = 100): ThresholdInformation => ({ externalRequestThreshold: limit, requestThresholdTimeframe: 60, currentTimeframeRequestCount: used });

  it('does not slow calls below half the budget, then spaces them so what is left lasts the window', async () => {
    let used = 10;
    const waits: number[] = [];
    const clock = 0;
    const reads: number[] = [];
    const guard = createBudgetGuard(
      async () => {
        reads.push(clock);
        return reading(used);
      },
      { windowMs: 1_000, readEveryCalls: 5, readEveryCallsWhenBusy: 2, now: () => clock, sleep: async (ms) => void waits.push(ms) },
    );
    const call = async () => (await guard.beforeRequest())(); // let through, then answered
    for (let i = 0; i < 5; i++) await call();
    expect(waits).toEqual([]);
    expect(reads).toHaveLength(1);
    used = 60;
    await call(); // due after 5 calls: re-read shows 60 of 100, so pacing starts
    expect(guard.snapshot()).toMatchObject({ limit: 100, estimatedUsed: 61, spacingMs: 1000 / (95 - 61) });
    await call();
    await call();
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeCloseTo(1000 / 35);
    expect(waits.every((w) => w > 25 && w < 40)).toBe(true);
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps counting calls that were let through but not answered when a reading was taken', async () => {
    const guard = createBudgetGuard(async () => reading(0), { readEveryCalls: 3, now: () => 0 });
    for (let i = 0; i < 3; i++) await guard.beforeRequest(); // three calls still on their way to Autotask
    const fourth = await guard.beforeRequest(); // re-read: Autotask has not seen the three yet
    expect(guard.snapshot().estimatedUsed).toBe(4);
    fourth();
  });

  it('fails fast (retryable, with a wait) when the budget is spent, and keeps working if a reading fails', async () => {
    const guard = createBudgetGuard(async () => reading(96), { windowMs: 1_000, now: () => 0, sleep: async () => undefined });
    const err = (await guard.beforeRequest().catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toMatchObject({ name: 'OutsideApiError', status: 429, retryable: true, retryAfterMs: 1_000 });
    const broken = createBudgetGuard(async () => Promise.reject(new Error('down')), { now: () => 0 });
    await expect(broken.beforeRequest()).resolves.toEqual(expect.any(Function));
  });

  it('keeps a parallel burst under the simulated hourly threshold: no 429 from Autotask, every call answered', async () => {
    const t = use({ sim: { limits: { requestsPerHour: 40, hourMs: 1_500 } } });
    const client = t.client({ budget: { windowMs: 1_500, readEveryCalls: 10, readEveryCallsWhenBusy: 3, maxWaitMs: 10_000 } });
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => client.request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(refused(t)).toEqual([]);
    expect(t.sim.calls.filter((c) => c.path === '/ThresholdInformation').length).toBeGreaterThan(2);
  }, 20_000);

  it('is what keeps it safe: without the guard the same burst hits the threshold', async () => {
    const t = use({ sim: { limits: { requestsPerHour: 40, hourMs: 1_500 } } });
    const client = t.client({ maxRetries: 0 });
    await Promise.allSettled(Array.from({ length: 60 }, () => client.request({ method: 'GET', path: '/Companies/250', operation: 'getCompany' })));
    expect(refused(t).length).toBeGreaterThan(0);
    expect(refused(t)[0]).toMatchObject({ fault: 'request threshold' });
  });
});
