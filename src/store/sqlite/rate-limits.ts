import type { RateBucket, RateResult } from '../store.js';
import type { Db } from './db.js';
import { toMs } from '../time.js';
import { immediate } from './transaction.js';

/**
 * Sliding-window rate limits: one row per consumed unit, pruned once older than the window.
 * A bucket key is expected to keep one window size; pruning uses the window of the call.
 */
export function rateLimitTable(db: Db) {
  const prune = db.prepare('DELETE FROM rate_hits WHERE bucket = ? AND at_ms <= ?');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM rate_hits WHERE bucket = ?');
  const hit = db.prepare('INSERT INTO rate_hits (bucket, at_ms) VALUES (?, ?)');

  // All checks and all inserts in one BEGIN IMMEDIATE: either every bucket is charged or none.
  const consume = immediate(db, (buckets: RateBucket[], now: string): RateResult => {
    const nowMs = toMs(now);
    for (const bucket of buckets) {
      // A hit at t counts while now - t < window.
      prune.run(bucket.key, nowMs - bucket.windowSeconds * 1000);
      const used = count.get(bucket.key)?.n ?? 0;
      if (used >= bucket.max) return { ok: false, bucket: bucket.key };
    }
    for (const bucket of buckets) hit.run(bucket.key, nowMs);
    return { ok: true };
  });

  return { consume };
}
