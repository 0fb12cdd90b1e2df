import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export const STORE_FILE_NAME = 'ticketfix.sqlite';

export interface OpenStoreOptions {
  /** Folder holding the database file; created if missing. */
  dataDir: string;
  busyTimeoutMs?: number;
}

/** Opens the embedded store at `<dataDir>/ticketfix.sqlite`, creating the folder first. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  await mkdir(options.dataDir, { recursive: true });
  return new SqliteStore({ file: join(options.dataDir, STORE_FILE_NAME), busyTimeoutMs: options.busyTimeoutMs });
}
