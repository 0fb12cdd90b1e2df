import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export interface StoreTiming {
  calls: number;
  /** Time spent inside the call before it returned. better-sqlite3 is synchronous, so this is event-loop time. */
  ms: number;
}

export interface TimedStore {
  store: Store;
  /** Every duration of the methods named in `keepSamples`, since the last reset (ms). */
  samples(method: string): number[];
  /** Per method, since the last reset. */
  timings(): Record<string, StoreTiming>;
  totalMs(): number;
  reset(): void;
}

/**
 * The embedded SQLite store behind a Proxy that times every method. The SQLite store does all
 * its work synchronously inside the call, so the time measured up to the call's return is the
 * time the store held the event loop (fsync included).
 */
export async function openTimedStore(dataDir: string, keepSamples: readonly string[] = ['putSignal'], redis?: { url: string; prefix: string }): Promise<TimedStore> {
  // On Redis the calls are asynchronous: what is timed is only the part that held the event loop.
  const inner = await openStore({ dataDir, redisUrl: redis?.url, redisPrefix: redis?.prefix });
  let stats = new Map<string, StoreTiming>();
  let kept = new Map<string, number[]>(keepSamples.map((m) => [m, []]));
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          const ms = performance.now() - started;
          const s = stats.get(prop) ?? { calls: 0, ms: 0 };
          s.calls += 1;
          s.ms += ms;
          stats.set(prop, s);
          kept.get(prop)?.push(ms);
        }
      };
    },
  });
  return {
    store,
    samples: (method) => [...(kept.get(method) ?? [])],
    timings: () => Object.fromEntries([...stats].map(([k, v]) => [k, { ...v }])),
    totalMs: () => [...stats.values()].reduce((sum, s) => sum + s.ms, 0),
    reset: () => {
      stats = new Map();
      kept = new Map(keepSamples.map((m) => [m, []]));
    },
  };
}
