/**
 * Autotask's two server-side limits (help: REST_Thresholds_Limits.htm, ThreadLimiting.htm):
 *  - requests per rolling hour per database (10,000 by default, shared by every integration):
 *    from 50% on, latency is added to each call; at 100% calls are refused until the window clears;
 *  - threads: at most 3 concurrent requests per (tracking identifier × object endpoint);
 *    ZoneInformation is exempt.
 * `hourMs` shrinks the hour so tests can cross the thresholds quickly.
 */
export interface AutotaskLimitOptions {
  requestsPerHour?: number;
  hourMs?: number;
  threadsPerEndpoint?: number;
  /** Latency added to each call once the window is at least half used (real: 0.5–1 s). */
  latencyPastHalfMs?: number;
}

export interface LimitState {
  readonly requestsPerHour: number;
  readonly hourMs: number;
  readonly threadsPerEndpoint: number;
  readonly latencyPastHalfMs: number;
  /** Requests counted in the current rolling window. */
  used(now?: number): number;
  /** Counts one request; answers whether it may proceed and how much latency to add. */
  admit(now?: number): { ok: true; delayMs: number } | { ok: false };
  /** Takes a thread on an endpoint, or says the limit is reached. */
  acquireThread(key: string): boolean;
  releaseThread(key: string): void;
  threadsInUse(key: string): number;
  /** Highest concurrency seen per endpoint key (tests assert the client stayed under the limit). */
  readonly peakThreads: Map<string, number>;
  reset(): void;
}

export function createLimits(o: AutotaskLimitOptions = {}): LimitState {
  const requestsPerHour = o.requestsPerHour ?? 10_000;
  const hourMs = o.hourMs ?? 3_600_000;
  const threadsPerEndpoint = o.threadsPerEndpoint ?? 3;
  const latencyPastHalfMs = o.latencyPastHalfMs ?? 500;
  let stamps: number[] = [];
  const inFlight = new Map<string, number>();
  const peakThreads = new Map<string, number>();

  const prune = (now: number) => {
    const cutoff = now - hourMs;
    let drop = 0;
    while (drop < stamps.length && (stamps[drop] as number) <= cutoff) drop++;
    if (drop > 0) stamps = stamps.slice(drop);
  };

  return {
    requestsPerHour,
    hourMs,
    threadsPerEndpoint,
    latencyPastHalfMs,
    peakThreads,
    used(now = Date.now()) {
      prune(now);
      return stamps.length;
    },
    admit(now = Date.now()) {
      prune(now);
      if (stamps.length >= requestsPerHour) return { ok: false };
      stamps.push(now);
      return { ok: true, delayMs: stamps.length > requestsPerHour / 2 ? latencyPastHalfMs : 0 };
    },
    acquireThread(key) {
      const n = inFlight.get(key) ?? 0;
      if (n >= threadsPerEndpoint) return false;
      inFlight.set(key, n + 1);
      peakThreads.set(key, Math.max(peakThreads.get(key) ?? 0, n + 1));
      return true;
    },
    releaseThread(key) {
      const n = (inFlight.get(key) ?? 1) - 1;
      if (n <= 0) inFlight.delete(key);
      else inFlight.set(key, n);
    },
    threadsInUse: (key) => inFlight.get(key) ?? 0,
    reset() {
      stamps = [];
      inFlight.clear();
      peakThreads.clear();
    },
  };
}
