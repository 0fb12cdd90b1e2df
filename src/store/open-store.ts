import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export const STORE_FILE_NAME = 'ticketfix.sqlite';

export interface OpenStoreOptions {
  /** Folder holding the database file; created if missing. */
  dataDir: string;
  busyTimeoutMs?: number;
  /** When set (REDIS_URL), several instances share this Redis instead of a local file. */
  redisUrl?: string;
  redisPrefix?: string;
}

/**
 * The store for this process: Redis when a URL is given (scale-out), else the embedded SQLite
 * file at `<dataDir>/ticketfix.sqlite`. Redis is imported only when used.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.redisUrl) {
    const { openRedisStore } = await import('./redis/index.js');
    return openRedisStore({ url: options.redisUrl, prefix: options.redisPrefix });
  }
  await mkdir(options.dataDir, { recursive: true });
  return new SqliteStore({ file: join(options.dataDir, STORE_FILE_NAME), busyTimeoutMs: options.busyTimeoutMs });
}
