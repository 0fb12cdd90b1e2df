import { join } from 'node:path';
import Database from 'better-sqlite3';
import { STORE_FILE_NAME } from '../../src/store/open-store.js';

/**
 * Counts the signals on disk with a second, read-only connection: what a crash right now would
 * keep. Reads the embedded store's `signals` table directly (the Store interface has no count);
 * null if that table is not there.
 */
export function countStoredSignals(dataDir: string, deliveryKeyPrefix?: string): number | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(join(dataDir, STORE_FILE_NAME), { readonly: true, fileMustExist: true });
    const row = deliveryKeyPrefix === undefined ? db.prepare('SELECT COUNT(*) AS n FROM signals').get() : db.prepare('SELECT COUNT(*) AS n FROM signals WHERE delivery_key LIKE ?').get(`${deliveryKeyPrefix}%`);
    return (row as { n: number }).n;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
