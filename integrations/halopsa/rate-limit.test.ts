import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_USER_ID } from '../../mocks/halopsa/seed-state.js';
import { HaloStatuses } from './api-schemas.js';
import { HaloPsaAdapter } from './halo-psa-adapter.js';
import { createTenantLimiter } from './tenant-limiter.js';
import { haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

// The simulator's budget scaled down from 450 per 5 minutes to 20 per second.
const SERVER_LIMIT = { max: 20, windowMs: 1_000 };

function setup(): HaloTestSetup {
  const t = haloTestSetup({ sim: { limits: SERVER_LIMIT } });
  server.resetHandlers(...t.sim.handlers);
  for (let i = 0; i < 15; i++) t.sim.createTicket({ summary: `Mailbox full ${i}`, user_id: FIRST_USER_ID });
  return t;
}
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const throttled = (t: HaloTestSetup) => t.sim.calls.filter((c) => c.status === 429).length;

describe('client-side limiter against the tenant budget', () => {
  it('keeps 15 parallel ticket reads (31 calls) under the budget: no 429 at all', async () => {
    const t = setup();
    // burst 4 + 14/s: at most 18 calls in any second, under the server's 20.
    const limiter = createTenantLimiter({ requestsPerSecond: 14, burst: 4 });
    const adapter = new HaloPsaAdapter({ installation: t.installation, client: t.client({ limiter, sleep: realSleep }) });
    const started = Date.now();
    const tickets = await Promise.all(t.sim.state.tickets.map((x) => adapter.getTicket(String(x.id))));
    const elapsed = Date.now() - started;
    expect(tickets.map((x) => x.contactEmail)).toEqual(Array(15).fill('megan.bowen@contoso.example'));
    expect(throttled(t)).toBe(0);
    expect(t.sim.calls.filter((c) => c.path !== '/auth/token')).toHaveLength(31);
    // The limiter really paced them: 31 calls at 14/s after a burst of 4 take about 1.9 s.
    expect(elapsed).toBeGreaterThanOrEqual(1_700);
  });

  it('control: the same load without pacing runs into the simulator’s 429s', async () => {
    const t = setup();
    const adapter = new HaloPsaAdapter({ installation: t.installation, client: t.client({ limiter: createTenantLimiter({ requestsPerSecond: 1000, burst: 1000 }) }) });
    await Promise.allSettled(t.sim.state.tickets.map((x) => adapter.getTicket(String(x.id))));
    expect(throttled(t)).toBeGreaterThan(0);
  });
});

describe('429 Retry-After', () => {
  it('waits the Retry-After before retrying, and holds the rest of the tenant back meanwhile', async () => {
    const t = haloTestSetup();
    server.resetHandlers(...t.sim.handlers);
    const client = t.client({ sleep: realSleep });
    const statuses = () => client.request({ method: 'GET', path: '/Status', operation: 'listStatuses', schema: HaloStatuses });
    await statuses(); // token and discovery out of the way
    t.sim.faults.throttleNext(1, { path: '/Status', retryAfterSeconds: 1 });
    const first = statuses();
    await realSleep(100);
    const second = statuses();
    await Promise.all([first, second]);
    const at = (i: number) => Date.parse(t.sim.calls[i]!.at);
    const calls = t.sim.calls.slice(-3);
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200]);
    const refusedAt = at(t.sim.calls.length - 3);
    // Neither the retry nor the other caller's request reached Halo before the second was up.
    expect(at(t.sim.calls.length - 2) - refusedAt).toBeGreaterThanOrEqual(950);
    expect(at(t.sim.calls.length - 1) - refusedAt).toBeGreaterThanOrEqual(950);
  });

  it('hands a Retry-After longer than it will wait back to the caller and still pauses the tenant', async () => {
    const t = haloTestSetup();
    server.resetHandlers(...t.sim.handlers);
    let pausedFor = 0;
    const limiter = { acquire: async () => undefined, pauseFor: (ms: number) => void (pausedFor = Math.max(pausedFor, ms)) };
    const client = t.client({ limiter, maxRetryAfterMs: 5_000 });
    t.sim.faults.throttleNext(1, { path: '/Status', retryAfterSeconds: 120 });
    const err = await client.request({ method: 'GET', path: '/Status', operation: 'listStatuses' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(pausedFor).toBe(120_000);
  });
});
