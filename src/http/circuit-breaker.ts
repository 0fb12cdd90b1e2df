/**
 * A circuit breaker for one outside API (one PSA installation, one tenant): after
 * `failureThreshold` consecutive failures it opens and calls fail fast for `openMs`, so a dead
 * system costs its callers nothing and stalls nobody else; then one trial call is let through.
 */
export interface CircuitBreakerOptions {
  failureThreshold?: number;
  openMs?: number;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  /** null when a call may go ahead; else the milliseconds until the next trial. */
  check(): number | null;
  success(): void;
  failure(): void;
  state(): CircuitState;
}

export function createCircuitBreaker(o: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = o.failureThreshold ?? 10;
  const openMs = o.openMs ?? 30_000;
  const now = o.now ?? Date.now;
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;

  const state = (): CircuitState => (openedAt === null ? 'closed' : now() - openedAt >= openMs ? 'half-open' : 'open');

  return {
    check() {
      const s = state();
      if (s === 'closed') return null;
      if (s === 'half-open' && !trialInFlight) {
        trialInFlight = true;
        return null;
      }
      // Half-open with the trial still out: others wait a moment, not a whole open period.
      if (s === 'half-open') return Math.min(1000, openMs);
      return Math.max(0, openMs - (now() - (openedAt ?? 0))) || openMs;
    },
    success() {
      failures = 0;
      openedAt = null;
      trialInFlight = false;
    },
    failure() {
      trialInFlight = false;
      failures++;
      if (openedAt !== null || failures >= threshold) openedAt = now();
    },
    state,
  };
}
