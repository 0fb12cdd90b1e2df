import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** The store the CLI works on: the same one the server uses (REDIS_URL, else DATA_DIR, default ./data). */
export function dataDirFrom(opts: { dataDir?: string }): string {
  return opts.dataDir ?? process.env.DATA_DIR ?? './data';
}

export async function withStore<T>(opts: { dataDir?: string }, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: dataDirFrom(opts), redisUrl: process.env.REDIS_URL, redisPrefix: process.env.REDIS_PREFIX });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
