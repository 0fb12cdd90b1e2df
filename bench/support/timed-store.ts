import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export interface StoreTiming {
  calls: number;
  /** Time spent inside the call before it returned. better-sqlite3 is synchronous, so this is event-loop time. */
  ms: number;
}

export interface TimedStore {
  store: Store;
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
export async function openTimedStore(dataDir: string): Promise<TimedStore> {
  const inner = await openStore({ dataDir });
  let stats = new Map<string, StoreTiming>();
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          const s = stats.get(prop) ?? { calls: 0, ms: 0 };
          s.calls += 1;
          s.ms += performance.now() - started;
          stats.set(prop, s);
        }
      };
    },
  });
  return {
    store,
    timings: () => Object.fromEntries([...stats].map(([k, v]) => [k, { ...v }])),
    totalMs: () => [...stats.values()].reduce((sum, s) => sum + s.ms, 0),
    reset: () => void (stats = new Map()),
  };
}
