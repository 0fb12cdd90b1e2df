import { describe, expect, it } from 'vitest';
import { createTenantLimiter, tenantLimiterFor } from './tenant-limiter.js';

/** A virtual clock: sleeping advances it, so the limiter's schedule is exact and instant. */
function virtualClock() {
  const clock = { t: 0 };
  return { clock, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) };
}

describe('tenant limiter', () => {
  it('lets a burst through at once, then spaces calls at the steady rate', async () => {
    const v = virtualClock();
    const limiter = createTenantLimiter({ requestsPerSecond: 2, burst: 3, now: v.now, sleep: v.sleep });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => limiter.acquire().then(() => starts.push(v.clock.t))));
    expect(starts).toEqual([0, 0, 0, 500, 1000, 1500, 2000]);
  });

  it('never exceeds burst + rate × window in any window', async () => {
    const v = virtualClock();
    const limiter = createTenantLimiter({ requestsPerSecond: 1.4, burst: 5, now: v.now, sleep: v.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 900; i++) {
      await limiter.acquire();
      starts.push(v.clock.t);
    }
    const windowMs = 5 * 60_000;
    let worst = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while ((starts[i] as number) - (starts[j] as number) >= windowMs) j++;
      worst = Math.max(worst, i - j + 1);
    }
    // Halo's strictest reported budget is 450 per 5 minutes.
    expect(worst).toBeLessThanOrEqual(5 + 1.4 * 300);
    expect(worst).toBeLessThanOrEqual(450);
  });

  it('holds every caller back during a pause, then resumes at the steady rate', async () => {
    const v = virtualClock();
    const limiter = createTenantLimiter({ requestsPerSecond: 10, burst: 5, now: v.now, sleep: v.sleep });
    await limiter.acquire();
    limiter.pauseFor(2_000);
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 3 }, () => limiter.acquire().then(() => starts.push(v.clock.t))));
    expect(starts[0]).toBeGreaterThanOrEqual(2_000);
    expect(starts).toEqual([starts[0], (starts[0] as number) + 100, (starts[0] as number) + 200]);
  });

  it('shares one limiter per tenant and budget', () => {
    const a = tenantLimiterFor({ baseUrl: 'https://x.halopsa.com/api', tenant: 'x' }, { requestsPerSecond: 1, burst: 1 });
    expect(tenantLimiterFor({ baseUrl: 'https://X.halopsa.com/api/', tenant: 'X' }, { requestsPerSecond: 1, burst: 1 })).toBe(a);
    expect(tenantLimiterFor({ baseUrl: 'https://y.halopsa.com/api', tenant: 'y' }, { requestsPerSecond: 1, burst: 1 })).not.toBe(a);
  });
});
