import { AuditEvent, AuditQuery } from '../../model/audit.js';
import type { NewAuditEvent } from '../../model/audit.js';
import type { AuditVerification } from '../store.js';
import { GENESIS_HASH, auditData, hashAuditEvent, sealAuditEvent } from '../audit-hash.js';
import type { Db } from './db.js';
import { toMs } from '../time.js';
import { immediate } from './transaction.js';

const toIso = (time: string): string => new Date(toMs(time)).toISOString();

interface AuditRow {
  seq: number;
  at: string;
  type: string;
  run_id: string | null;
  ticket_id: string | null;
  client_id: string | null;
  remediation_id: string | null;
  outcome: string | null;
  actor: string;
  data: string;
  prev_hash: string;
  hash: string;
}

function fromRow(row: AuditRow): AuditEvent {
  return AuditEvent.parse({
    seq: row.seq,
    at: row.at,
    type: row.type,
    runId: row.run_id,
    ticketId: row.ticket_id,
    clientId: row.client_id,
    remediationId: row.remediation_id,
    outcome: row.outcome,
    actor: row.actor,
    data: JSON.parse(row.data) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
}

const QUERY_COLUMNS = {
  ticketId: 'ticket_id',
  clientId: 'client_id',
  remediationId: 'remediation_id',
  outcome: 'outcome',
  runId: 'run_id',
  type: 'type',
} as const;

/** The append-only, hash-chained audit log. */
export function auditTable(db: Db) {
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const setHead = db.prepare(
    'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
  );
  const insert = db.prepare(`
    INSERT INTO audit (seq, at, type, run_id, ticket_id, client_id, remediation_id, outcome, actor, data, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const all = db.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY seq');

  // seq and prevHash come from the head inside BEGIN IMMEDIATE, so concurrent appenders
  // (in any process) are serialised and the chain never forks.
  const append = immediate(db, (event: NewAuditEvent): AuditEvent => {
    const last = head.get();
    // A JSON round trip first: what is hashed is exactly what a reader will parse back
    // (undefined members dropped, Dates as strings).
    const { data, json } = auditData(event.data);
    const stored = sealAuditEvent({
      seq: (last?.seq ?? 0) + 1,
      // Normalised to UTC toISOString form: range queries compare `at` as text.
      at: event.at === undefined ? new Date().toISOString() : toIso(event.at),
      type: event.type,
      runId: event.runId,
      ticketId: event.ticketId,
      clientId: event.clientId,
      remediationId: event.remediationId,
      outcome: event.outcome,
      actor: event.actor,
      data,
      prevHash: last?.hash ?? GENESIS_HASH,
    });
    insert.run(
      stored.seq, stored.at, stored.type, stored.runId, stored.ticketId, stored.clientId, stored.remediationId,
      stored.outcome, stored.actor, json, stored.prevHash, stored.hash,
    );
    setHead.run(stored.seq, stored.hash);
    return stored;
  });

  const selects = new Map<string, ReturnType<typeof db.prepare<unknown[], AuditRow>>>();

  return {
    append,
    query(input: AuditQuery): AuditEvent[] {
      const q = AuditQuery.parse(input);
      const where: string[] = [];
      const params: unknown[] = [];
      for (const [key, column] of Object.entries(QUERY_COLUMNS)) {
        const value = q[key as keyof typeof QUERY_COLUMNS];
        if (value !== undefined) {
          where.push(`${column} = ?`);
          params.push(value);
        }
      }
      // from and to are both inclusive; both sides of the comparison are in toISOString form.
      if (q.from !== undefined) {
        where.push('at >= ?');
        params.push(toIso(q.from));
      }
      if (q.to !== undefined) {
        where.push('at <= ?');
        params.push(toIso(q.to));
      }
      const sql = `SELECT * FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
      params.push(q.limit);
      let stmt = selects.get(sql);
      if (!stmt) selects.set(sql, (stmt = db.prepare<unknown[], AuditRow>(sql)));
      return stmt.all(...params).map(fromRow);
    },
    /** Walks the whole chain in one read transaction, so appends during the walk are not half-seen. */
    verify: db.transaction((): AuditVerification => {
      let checked = 0;
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      for (const row of all.iterate()) {
        const bad = (problem: string): AuditVerification => ({ ok: false, checked, firstBadSeq: row.seq, problem });
        if (row.seq !== expectedSeq) return { ...bad(`expected seq ${expectedSeq}, found ${row.seq}`), firstBadSeq: expectedSeq };
        if (row.prev_hash !== prevHash) return bad('prevHash does not match the previous event');
        let event: AuditEvent;
        try {
          event = fromRow(row);
        } catch {
          return bad('event does not parse');
        }
        const { hash, ...unhashed } = event;
        if (hashAuditEvent(unhashed) !== hash) return bad('hash does not match the event content');
        checked++;
        expectedSeq++;
        prevHash = hash;
      }
      const last = head.get();
      if (last && (last.seq !== expectedSeq - 1 || last.hash !== prevHash)) {
        return { ok: false, checked, firstBadSeq: expectedSeq, problem: `chain ends at seq ${expectedSeq - 1} but head is seq ${last.seq}` };
      }
      return { ok: true, checked };
    }),
  };
}
