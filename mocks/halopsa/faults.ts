/**
 * Fault injection for the HaloPSA simulator. Rules match on the path relative to the resource
 * server (`/Tickets/5`; the token endpoint is `/auth/token`): an exact string (case-insensitive,
 * as Halo's routing is), a string ending in `/*` (prefix), or a RegExp; `method` narrows it.
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

export type FaultDecision = { kind: 'answer'; status: number; retryAfterSeconds?: number; label: string } | { kind: 'hang'; released: Promise<void> } | { kind: 'none' };

export interface HaloFaults {
  /** Adds `ms` of latency to every matching call until reset. */
  latency(ms: number, match?: FaultMatch): void;
  /** The next `count` matching calls answer `status` (default 500). */
  failNext(count: number, options?: FaultMatch & { status?: number; retryAfterSeconds?: number }): void;
  /** The next `count` matching calls answer 429 with `Retry-After` (seconds, default 1). */
  throttleNext(count: number, options?: FaultMatch & { retryAfterSeconds?: number }): void;
  /** Whole-API outage (token endpoint included): every call answers 503 until `outage(false)`. */
  outage(on?: boolean, retryAfterSeconds?: number): void;
  /** The next `count` matching calls never answer (until `reset()`), forcing client timeouts. */
  hangNext(count?: number, match?: FaultMatch): void;
  reset(): void;
  /** Used by the route wrapper: decides the fault for one call and consumes counted rules. */
  decide(method: string, path: string): Promise<FaultDecision>;
}

function matches(m: FaultMatch, method: string, path: string): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  if (m.path instanceof RegExp) return m.path.test(path);
  const want = m.path.toLowerCase();
  const got = path.toLowerCase();
  if (want.endsWith('/*')) return got === want.slice(0, -2) || got.startsWith(want.slice(0, -1));
  return got === want;
}

export function createFaults(sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): HaloFaults {
  let latencies: (FaultMatch & { ms: number })[] = [];
  let counted: CountedRule[] = [];
  let hangs: (FaultMatch & { remaining: number })[] = [];
  let outage: { retryAfterSeconds?: number } | null = null;
  let releaseHung: (() => void)[] = [];

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
    reset() {
      latencies = [];
      counted = [];
      hangs = [];
      outage = null;
      for (const release of releaseHung) release();
      releaseHung = [];
    },
    async decide(method, path) {
      const delay = latencies.filter((l) => matches(l, method, path)).reduce((sum, l) => sum + l.ms, 0);
      if (delay > 0) await sleep(delay);
      if (outage) return { kind: 'answer', status: 503, retryAfterSeconds: outage.retryAfterSeconds, label: 'outage 503' };
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
      return { kind: 'none' };
    },
  };
}
