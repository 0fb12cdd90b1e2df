import type { Signal } from '../../model/signal.js';
import { openDb, type Db } from './db.js';
import { signalTable } from './signals.js';

export type PutSignalResult = { inserted: boolean; signal: Signal };

export interface SignalGroupCommitStats {
  /** Transactions committed (one fsync each). */
  commits: number;
  /** Signals written through them. */
  signals: number;
  /** Time the commits held the event loop (better-sqlite3 is synchronous), ms. */
  commitMs: number;
  largestBatch: number;
}

export interface SignalGroupCommit {
  /** Resolves once the signal's transaction is committed (fsync'd), never before. */
  put(signal: Signal): Promise<PutSignalResult>;
  stats(): SignalGroupCommitStats;
  /** Observes each commit (metrics). */
  onCommit?: (batchSize: number, ms: number) => void;
  /** Commits what is pending, then closes this writer's own connection. */
  close(): Promise<void>;
}

export interface SignalGroupCommitOptions {
  /** The SQLite file the store uses; this writer opens its own connection to it. */
  file: string;
  /**
   * 0 (default): commit at the next turn of the event loop, so every webhook parsed in the same
   * I/O phase shares one fsync and a lone webhook waits for nothing. Above 0: wait that many ms
   * for more to arrive (more sharing, more latency).
   */
  windowMs?: number;
  /** Signals per transaction at most (bounds the time one commit holds the event loop). */
  maxBatch?: number;
  busyTimeoutMs?: number;
}

interface Pending {
  signal: Signal;
  resolve: (r: PutSignalResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for accepted webhooks. Signals arriving together are inserted in ONE fsync'd
 * transaction (synchronous=FULL, as the store's own), each through the store's own insert as a
 * savepoint, so one bad signal fails alone. Every caller is answered only after the transaction
 * that holds its signal committed: durability is the same as one transaction per webhook, at a
 * fraction of the fsyncs. Its own connection to the same file (WAL: one writer at a time; calls
 * are synchronous, so they never interleave with the store's in this process).
 */
export function createSignalGroupCommit(o: SignalGroupCommitOptions): SignalGroupCommit {
  const db: Db = openDb({ file: o.file, busyTimeoutMs: o.busyTimeoutMs });
  const signals = signalTable(db);
  const windowMs = Math.max(0, o.windowMs ?? 0);
  const maxBatch = Math.max(1, o.maxBatch ?? 256);
  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;
  const stats: SignalGroupCommitStats = { commits: 0, signals: 0, commitMs: 0, largestBatch: 0 };

  const writeBatch = db.transaction((batch: Pending[]) => {
    const outcomes: ({ ok: true; value: PutSignalResult } | { ok: false; error: unknown })[] = [];
    for (const p of batch) {
      // Nested in this transaction, the store's insert runs as a savepoint: a failure rolls back this signal only.
      try {
        outcomes.push({ ok: true, value: signals.put(p.signal) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  });

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const started = performance.now();
      let outcomes;
      try {
        outcomes = writeBatch.immediate(batch);
      } catch (err) {
        // The commit itself failed (disk, lock timeout): nothing of this batch is stored, every caller hears so.
        for (const p of batch) p.reject(err);
        continue;
      }
      const ms = performance.now() - started;
      stats.commits += 1;
      stats.signals += batch.length;
      stats.commitMs += ms;
      stats.largestBatch = Math.max(stats.largestBatch, batch.length);
      api.onCommit?.(batch.length, ms);
      batch.forEach((p, i) => {
        const r = outcomes[i]!;
        if (r.ok) p.resolve(r.value);
        else p.reject(r.error);
      });
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    if (windowMs > 0) setTimeout(flush, windowMs);
    else setImmediate(flush);
  }

  const api: SignalGroupCommit = {
    put(signal) {
      if (closed) return Promise.reject(new Error('the signal writer is closed'));
      return new Promise<PutSignalResult>((resolve, reject) => {
        queue.push({ signal, resolve, reject });
        if (queue.length >= maxBatch) flush();
        else schedule();
      });
    },
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      closed = true;
      flush();
      if (db.open) db.close();
    },
  };
  return api;
}
