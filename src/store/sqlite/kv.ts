import type { Db } from './db.js';
import { immediate } from './transaction.js';

/** Small key/value state. Expiry uses the wall clock because the interface carries no `now`. */
export function kvTable(db: Db) {
  const get = db.prepare<[string], { value: string; expires_ms: number | null }>('SELECT value, expires_ms FROM kv WHERE key = ?');
  const upsert = db.prepare(`
    INSERT INTO kv (key, value, expires_ms) VALUES (?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_ms = excluded.expires_ms`);
  // Expired rows are swept on write so the table does not grow with dead cache entries.
  const sweep = db.prepare('DELETE FROM kv WHERE expires_ms IS NOT NULL AND expires_ms <= ?');

  return {
    get<T>(key: string): T | null {
      const row = get.get(key);
      if (!row || (row.expires_ms !== null && row.expires_ms <= Date.now())) return null;
      return JSON.parse(row.value) as T;
    },
    set: immediate(db, (key: string, value: unknown, ttlMs?: number): void => {
      const now = Date.now();
      sweep.run(now);
      upsert.run(key, JSON.stringify(value) ?? 'null', ttlMs === undefined ? null : now + ttlMs);
    }),
  };
}
