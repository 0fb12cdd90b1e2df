import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** Path of the database file, or ':memory:' for a private throwaway store. */
  file: string;
  /** How long a write waits for another process's write lock before failing (SQLITE_BUSY). */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the file with the settings every connection needs. WAL lets readers proceed while one
 * process writes; synchronous=FULL fsyncs every commit, so a signal acknowledged with a 2xx
 * survives a crash or power loss (NORMAL could lose the last commits in WAL mode).
 */
export function openDb(options: OpenDbOptions): Db {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = new Database(options.file, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
