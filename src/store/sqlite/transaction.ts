import type { Db } from './db.js';

/**
 * Wraps `fn` in BEGIN IMMEDIATE: the write lock is taken before the first read, so a
 * read-then-write cannot interleave with another process (a deferred transaction would
 * fail with SQLITE_BUSY_SNAPSHOT in WAL mode instead of waiting).
 */
export function immediate<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args: A): R => tx.immediate(...args);
}
