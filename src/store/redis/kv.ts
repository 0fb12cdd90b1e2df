import type { Keyv } from 'keyv';

/**
 * Small key/value state on Keyv (@keyv/redis). Values go in as JSON text so they read back
 * exactly as from SQLite (a JSON round trip), whatever Keyv's own serializer does with
 * Buffers or strings starting with ':'. Expiry is Keyv's (PX on the key plus its envelope).
 */
export function kvTable(keyv: Keyv) {
  return {
    async get<T>(key: string): Promise<T | null> {
      const text = (await keyv.get(key)) as unknown;
      return typeof text === 'string' ? (JSON.parse(text) as T) : null;
    },
    async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
      // A TTL of zero or less has already run out (SQLite stores it expired); Keyv would read 0 as "forever".
      if (ttlMs !== undefined && !(ttlMs > 0)) {
        await keyv.delete(key);
        return;
      }
      // PX takes whole milliseconds; rounding up never expires a value early. Infinity means no TTL.
      const ttl = ttlMs === undefined || !Number.isFinite(ttlMs) ? undefined : Math.ceil(ttlMs);
      await keyv.set(key, JSON.stringify(value) ?? 'null', ttl);
    },
  };
}
