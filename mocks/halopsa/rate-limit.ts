/** Halo's per-tenant request budget: `max` requests in any rolling `windowMs`. */
export interface HaloLimits {
  max: number;
  windowMs: number;
}

/**
 * Halo's figure is reported as 450-700 per 5 minutes (see shared/reference/psa-apis.md §4);
 * the simulator defaults to the strictest, 450 per rolling 5 minutes (1.5 requests/s).
 */
export const DEFAULT_HALO_LIMITS: HaloLimits = { max: 450, windowMs: 5 * 60_000 };

/**
 * A sliding-window log over every resource-server call of one tenant. `take()` answers null
 * when the call is allowed, or the seconds until the oldest call leaves the window (the
 * Retry-After a 429 carries). Refused calls do not count.
 */
export function createSlidingWindow(initial: HaloLimits | null, now: () => number = Date.now) {
  let limits = initial;
  let starts: number[] = [];

  const prune = (t: number) => {
    if (!limits) return;
    const from = t - limits.windowMs;
    let i = 0;
    while (i < starts.length && (starts[i] as number) <= from) i++;
    if (i > 0) starts = starts.slice(i);
  };

  return {
    take(): number | null {
      if (!limits) return null;
      const t = now();
      prune(t);
      if (starts.length >= limits.max) {
        const oldest = starts[0] as number;
        return Math.max(1, Math.ceil((oldest + limits.windowMs - t) / 1000));
      }
      starts.push(t);
      return null;
    },
    /** Changes the budget (null turns limiting off); the history is kept. */
    configure(next: HaloLimits | null): void {
      limits = next;
    },
    get limits(): HaloLimits | null {
      return limits;
    },
    /** Calls counted in the current window. */
    used(): number {
      prune(now());
      return starts.length;
    },
  };
}

export type SlidingWindow = ReturnType<typeof createSlidingWindow>;
