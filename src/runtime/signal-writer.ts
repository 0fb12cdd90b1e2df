import type { Signal } from '../model/signal.js';
import { createSignalGroupCommit, type SignalGroupCommit, type SignalGroupCommitStats } from '../store/sqlite/signal-group-commit.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';

export interface SignalWriter {
  put(signal: Signal): Promise<{ inserted: boolean; signal: Signal }>;
  /** Group commit on the embedded store: observes each shared transaction (metrics). */
  onCommit?: (batchSize: number, ms: number) => void;
  /** Commits and the time they held the event loop (group commit only). */
  stats?: () => SignalGroupCommitStats;
  close(): Promise<void>;
}

/**
 * How accepted webhooks reach the store. On an SQLite file, concurrent webhooks share one fsync'd
 * transaction (group commit); each is still answered only after its own commit. Redis and
 * in-memory stores write through `putSignal` as before.
 */
export function createSignalWriter(store: Store): SignalWriter {
  const file = store instanceof SqliteStore ? store.file : '';
  if (!file || file === ':memory:') return { put: (s) => store.putSignal(s), close: async () => undefined };
  const group: SignalGroupCommit = createSignalGroupCommit({ file });
  const writer: SignalWriter = {
    put: (s) => group.put(s),
    stats: () => group.stats(),
    close: () => group.close(),
  };
  group.onCommit = (n, ms) => writer.onCommit?.(n, ms);
  return writer;
}
