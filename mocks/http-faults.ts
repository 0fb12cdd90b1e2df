/**
 * Fault injection shared by the PSA simulators. Every rule matches on the path relative to the
 * simulator's base: an exact string, a string ending in `/*` (prefix), or a RegExp; `method`
 * narrows it. Paths compare case-insensitively for APIs that route that way (Halo).
 * `reset()` clears every rule and releases hung requests (call it in afterEach).
 */
export type PathMatch = string | RegExp;

export interface FaultMatch {
  path?: PathMatch;
  method?: string;
}

interface CountedRule extends FaultMatch {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
  label: string;
}

/** What the route wrapper must do before (or instead of) answering. */
export type FaultDecision =
  | { kind: 'answer'; status: number; retryAfterSeconds?: number; label: string }
  | { kind: 'hang'; released: Promise<void> }
  | { kind: 'lose'; status: number; label: string }
  | { kind: 'none' };

export interface HttpFaults {
  /** Adds `ms` of latency to every matching call until reset. */
  latency(ms: number, match?: FaultMatch): void;
  /** The next `count` matching calls answer `status` (default 500). */
  failNext(count: number, options?: FaultMatch & { status?: number; retryAfterSeconds?: number }): void;
  /** The next `count` matching calls answer 429 with `Retry-After` (seconds, default 1). */
  throttleNext(count: number, options?: FaultMatch & { retryAfterSeconds?: number }): void;
  /** Whole-API outage: every call answers 503 until `outage(false)`. */
  outage(on?: boolean, retryAfterSeconds?: number): void;
  /** The next `count` matching calls never answer (until `reset()`), forcing client timeouts. */
  hangNext(count?: number, match?: FaultMatch): void;
  /**
   * The next `count` matching calls are carried out, but the answer is lost (a 504 from the
   * gateway): the write landed although the client saw a failure.
   */
  loseResponseNext(count: number, match?: FaultMatch): void;
  /** A simple fixed-window rate limit across all calls; null turns it off. */
  rateLimit(limit: { max: number; windowMs: number } | null): void;
  reset(): void;
  /** Used by the route wrapper: decides the fault for one call and consumes counted rules. */
  decide(method: string, path: string, now?: number): Promise<FaultDecision>;
}

function matcher(caseInsensitive: boolean) {
  return (m: FaultMatch, method: string, rawPath: string): boolean => {
    if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
    if (m.path === undefined) return true;
    if (m.path instanceof RegExp) return m.path.test(rawPath);
    const want = caseInsensitive ? m.path.toLowerCase() : m.path;
    const path = caseInsensitive ? rawPath.toLowerCase() : rawPath;
    if (want.endsWith('/*')) return path === want.slice(0, -2) || path.startsWith(want.slice(0, -1));
    return path === want;
  };
}

export function createFaults(options: { caseInsensitive?: boolean; sleep?: (ms: number) => Promise<void> } = {}): HttpFaults {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const matches = matcher(options.caseInsensitive ?? false);
  let latencies: (FaultMatch & { ms: number })[] = [];
  let counted: CountedRule[] = [];
  let hangs: (FaultMatch & { remaining: number })[] = [];
  let outage: { retryAfterSeconds?: number } | null = null;
  let limit: { max: number; windowMs: number; windowStart: number; used: number } | null = null;
  let releaseHung: (() => void)[] = [];
  let lost: (FaultMatch & { remaining: number })[] = [];

  return {
    latency(ms, match = {}) {
      latencies.push({ ...match, ms });
    },
    failNext(count, options = {}) {
      const status = options.status ?? 500;
      counted.push({ ...options, remaining: count, status, label: `failNext ${status}` });
    },
    throttleNext(count, options = {}) {
      counted.push({ ...options, remaining: count, status: 429, retryAfterSeconds: options.retryAfterSeconds ?? 1, label: 'throttleNext 429' });
    },
    outage(on = true, retryAfterSeconds) {
      outage = on ? { retryAfterSeconds } : null;
    },
    hangNext(count = 1, match = {}) {
      hangs.push({ ...match, remaining: count });
    },
    loseResponseNext(count, match = {}) {
      lost.push({ ...match, remaining: count });
    },
    rateLimit(l) {
      limit = l ? { ...l, windowStart: Date.now(), used: 0 } : null;
    },
    reset() {
      latencies = [];
      counted = [];
      hangs = [];
      lost = [];
      outage = null;
      limit = null;
      releaseHung.forEach((r) => r());
      releaseHung = [];
    },
    async decide(method, path, now = Date.now()) {
      const delay = latencies.filter((l) => matches(l, method, path)).reduce((sum, l) => sum + l.ms, 0);
      if (delay > 0) await sleep(delay);
      if (outage) return { kind: 'answer', status: 503, retryAfterSeconds: outage.retryAfterSeconds, label: 'outage' };
      const hang = hangs.find((h) => h.remaining > 0 && matches(h, method, path));
      if (hang) {
        hang.remaining -= 1;
        return { kind: 'hang', released: new Promise<void>((resolve) => releaseHung.push(resolve)) };
      }
      const rule = counted.find((r) => r.remaining > 0 && matches(r, method, path));
      if (rule) {
        rule.remaining -= 1;
        return { kind: 'answer', status: rule.status, retryAfterSeconds: rule.retryAfterSeconds, label: rule.label };
      }
      const lose = lost.find((l) => l.remaining > 0 && matches(l, method, path));
      if (lose) {
        lose.remaining -= 1;
        return { kind: 'lose', status: 504, label: 'loseResponseNext 504' };
      }
      if (limit) {
        if (now - limit.windowStart >= limit.windowMs) {
          limit.windowStart = now;
          limit.used = 0;
        }
        limit.used += 1;
        if (limit.used > limit.max) {
          const retryAfterSeconds = Math.max(1, Math.ceil((limit.windowStart + limit.windowMs - now) / 1000));
          return { kind: 'answer', status: 429, retryAfterSeconds, label: 'rateLimit 429' };
        }
      }
      return { kind: 'none' };
    },
  };
}
