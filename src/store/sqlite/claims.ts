import type { ClaimResult } from '../store.js';
import type { Db } from './db.js';
import { toMs } from '../time.js';
import { immediate } from './transaction.js';

interface ClaimRow {
  run_id: string;
  until: string;
  until_ms: number;
}

/**
 * Idempotency claims: one run per (client, remediation, target, problem) at a time.
 * Expiry is compared on epoch ms so differently formatted ISO strings compare correctly.
 */
export function claimTable(db: Db) {
  const get = db.prepare<[string], ClaimRow>('SELECT run_id, until, until_ms FROM claims WHERE key = ?');
  const upsert = db.prepare(`
    INSERT INTO claims (key, run_id, until, until_ms) VALUES (?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id, until = excluded.until, until_ms = excluded.until_ms`);
  const extend = db.prepare('UPDATE claims SET until = ?, until_ms = ? WHERE key = ? AND run_id = ?');
  const release = db.prepare('DELETE FROM claims WHERE key = ? AND run_id = ?');

  // Read-then-write under BEGIN IMMEDIATE: two processes cannot both see the key as free.
  const claim = immediate(db, (key: string, runId: string, until: string, now: string): ClaimResult => {
    const untilMs = toMs(until);
    const nowMs = toMs(now);
    const held = get.get(key);
    if (held && held.run_id !== runId && held.until_ms > nowMs) {
      return { ok: false, heldBy: held.run_id, until: held.until };
    }
    upsert.run(key, runId, until, untilMs);
    return { ok: true };
  });

  return {
    claim,
    extend: immediate(db, (key: string, runId: string, until: string): boolean => {
      return extend.run(until, toMs(until), key, runId).changes === 1;
    }),
    release: immediate(db, (key: string, runId: string): void => {
      release.run(key, runId);
    }),
  };
}
