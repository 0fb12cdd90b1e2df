import { randomUUID } from 'node:crypto';
import type { NewOutboxItem, OutboxItem } from '../store.js';
import type { Db } from './db.js';
import { fromJson, toJson, toJsonOrNull } from './json-column.js';
import { toMs } from '../time.js';
import { immediate } from './transaction.js';
import { NewOutboxRecord, OutboxRecord } from '../records.js';

interface OutboxRow {
  id: string;
  idempotency_key: string;
  run_id: string;
  installation_id: string;
  ticket_id: string;
  kind: string;
  payload: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
  result: string | null;
  created_at: string;
}

function fromRow(row: OutboxRow): OutboxItem {
  return OutboxRecord.parse({
    id: row.id,
    idempotencyKey: row.idempotency_key,
    runId: row.run_id,
    installationId: row.installation_id,
    ticketId: row.ticket_id,
    kind: row.kind,
    payload: fromJson(row.payload),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    lastError: row.last_error,
    result: fromJson(row.result),
    createdAt: row.created_at,
  });
}

/** PSA write-backs, retried until they land; a lease keeps two workers off the same item. */
export function outboxTable(db: Db) {
  const insert = db.prepare(`
    INSERT INTO outbox (id, idempotency_key, run_id, installation_id, ticket_id, kind, payload,
      next_attempt_at, next_attempt_ms, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(idempotency_key) DO NOTHING`);
  const byKey = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE idempotency_key = ?');
  const due = db.prepare<[number, number, number], OutboxRow>(`
    SELECT * FROM outbox
    WHERE delivered_at IS NULL AND next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
    ORDER BY next_attempt_ms, rowid LIMIT ?`);
  // A lease starts an attempt: a worker that dies mid-delivery still leaves a count behind, so
  // the next one looks for what may have landed before posting again.
  const lease = db.prepare('UPDATE outbox SET lease_until_ms = ?, lease_worker = ?, attempts = attempts + 1 WHERE id = ?');
  // Completing or failing ends the lease; a delivered item is never reopened.
  const complete = db.prepare(`
    UPDATE outbox SET delivered_at = ?, result = ?, payload = COALESCE(?, payload), lease_until_ms = NULL, lease_worker = NULL
    WHERE id = ? AND delivered_at IS NULL`);
  const fail = db.prepare(`
    UPDATE outbox SET last_error = ?, next_attempt_at = ?, next_attempt_ms = ?,
      lease_until_ms = NULL, lease_worker = NULL
    WHERE id = ? AND delivered_at IS NULL`);
  const selects = new Map<string, ReturnType<typeof db.prepare<unknown[], OutboxRow>>>();

  return {
    /** Returns the stored row for every item, in input order, whether it was new or already there. */
    enqueue: immediate(db, (items: NewOutboxItem[]): OutboxItem[] => {
      const now = new Date().toISOString();
      return items.map((input) => {
        const item = NewOutboxRecord.parse(input);
        insert.run(
          randomUUID(), item.idempotencyKey, item.runId, item.installationId, item.ticketId, item.kind,
          toJson(item.payload), now, toMs(now), now,
        );
        const row = byKey.get(item.idempotencyKey);
        if (!row) throw new Error(`outbox item ${item.idempotencyKey} vanished inside its transaction`);
        return fromRow(row);
      });
    }),
    lease: immediate(db, (now: string, limit: number, leaseMs: number, worker: string): OutboxItem[] => {
      const nowMs = toMs(now);
      const rows = due.all(nowMs, nowMs, Math.max(0, Math.floor(limit)));
      for (const row of rows) lease.run(nowMs + leaseMs, worker, row.id);
      return rows.map((row) => fromRow({ ...row, attempts: row.attempts + 1 }));
    }),
    complete: immediate(db, (id: string, at: string, result: Record<string, unknown>, payload?: Record<string, unknown>): void => {
      complete.run(at, toJsonOrNull(result), payload === undefined ? null : toJson(payload), id);
    }),
    fail: immediate(db, (id: string, error: string, nextAttemptAt: string): void => {
      fail.run(error, nextAttemptAt, toMs(nextAttemptAt), id);
    }),
    list(filter: { runId?: string; delivered?: boolean }): OutboxItem[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.runId !== undefined) {
        where.push('run_id = ?');
        params.push(filter.runId);
      }
      if (filter.delivered !== undefined) where.push(filter.delivered ? 'delivered_at IS NOT NULL' : 'delivered_at IS NULL');
      const sql = `SELECT * FROM outbox${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid`;
      let stmt = selects.get(sql);
      if (!stmt) selects.set(sql, (stmt = db.prepare<unknown[], OutboxRow>(sql)));
      return stmt.all(...params).map(fromRow);
    },
  };
}
