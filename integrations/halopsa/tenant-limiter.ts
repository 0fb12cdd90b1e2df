/**
 * The client side of Halo's per-tenant rate limit: a token bucket (`burst` requests at once,
 * then `requestsPerSecond`), first come first served, that every resource-server call of a
 * tenant waits on. `pauseFor` holds every caller back, e.g. for a 429's Retry-After, so one
 * throttled request slows the whole tenant instead of its neighbours running into 429s too.
 */
export interface TenantLimiter {
  acquire(): Promise<void>;
  pauseFor(ms: number): void;
}

export interface TenantLimiterOptions {
  requestsPerSecond: number;
  burst: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createTenantLimiter(o: TenantLimiterOptions): TenantLimiter {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  const perMs = o.requestsPerSecond / 1000;
  let tokens = o.burst;
  let refilledAt = now();
  let pausedUntil = 0;
  // Callers queue on one promise chain, so they are served in arrival order.
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    if (t <= refilledAt) return;
    tokens = Math.min(o.burst, tokens + (t - refilledAt) * perMs);
    refilledAt = t;
  };

  async function take(): Promise<void> {
    for (;;) {
      const t = now();
      if (t < pausedUntil) {
        await sleep(pausedUntil - t);
        continue;
      }
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.max(1, Math.ceil((1 - tokens) / perMs)));
    }
  }

  return {
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
    pauseFor(ms) {
      if (!(ms > 0)) return;
      refill();
      pausedUntil = Math.max(pausedUntil, now() + ms);
      // Nothing accrues during the pause: afterwards calls resume at the steady rate, not in a burst.
      tokens = Math.min(tokens, 0);
      refilledAt = Math.max(refilledAt, pausedUntil);
    },
  };
}

const shared = new Map<string, TenantLimiter>();

/**
 * One limiter per Halo tenant (resource server + tenant) and budget in this process, so the
 * adapter, the reconcile job, install and doctor share the tenant's budget.
 */
export function tenantLimiterFor(key: { baseUrl: string; tenant?: string }, budget: { requestsPerSecond: number; burst: number }): TenantLimiter {
  const id = `${key.baseUrl.replace(/\/$/, '').toLowerCase()}|${(key.tenant ?? '').toLowerCase()}|${budget.requestsPerSecond}|${budget.burst}`;
  let limiter = shared.get(id);
  if (!limiter) {
    limiter = createTenantLimiter(budget);
    shared.set(id, limiter);
  }
  return limiter;
}
