import { Run, TERMINAL_STATES } from '../../model/run.js';
import type { RunFilter } from '../store.js';
import type { Db } from './db.js';
import { fromJson, toJsonOrNull } from './json-column.js';
import { immediate } from './transaction.js';

interface RunRow {
  id: string;
  signal_id: string;
  installation_id: string;
  psa: string;
  ticket_id: string;
  client_id: string | null;
  remediation_id: string | null;
  state: string;
  dry_run: number;
  classification: string | null;
  plan: string | null;
  claim_key: string | null;
  approval_id: string | null;
  escalation_reason: string | null;
  detail: string | null;
  acted_at: string | null;
  validation: string | null;
  acted: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

function fromRow(row: RunRow): Run {
  return Run.parse({
    id: row.id,
    signalId: row.signal_id,
    installationId: row.installation_id,
    psa: row.psa,
    ticketId: row.ticket_id,
    clientId: row.client_id,
    remediationId: row.remediation_id,
    state: row.state,
    dryRun: row.dry_run === 1,
    classification: fromJson(row.classification),
    plan: fromJson(row.plan),
    claimKey: row.claim_key,
    approvalId: row.approval_id,
    escalationReason: row.escalation_reason,
    detail: row.detail,
    actedAt: row.acted_at,
    validation: fromJson(row.validation),
    // Left out when never set, so a run reads back as it was written.
    ...(row.acted === null ? {} : { acted: fromJson(row.acted) }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  });
}

/** Column values of a run in the order of COLUMNS (id first, version last). */
function toParams(run: Run): unknown[] {
  return [
    run.id, run.signalId, run.installationId, run.psa, run.ticketId, run.clientId, run.remediationId, run.state,
    run.dryRun ? 1 : 0, toJsonOrNull(run.classification), toJsonOrNull(run.plan), run.claimKey, run.approvalId,
    run.escalationReason, run.detail, run.actedAt, toJsonOrNull(run.validation), run.createdAt, run.updatedAt, toJsonOrNull(run.acted ?? null), run.version,
  ];
}

const COLUMNS = [
  'id', 'signal_id', 'installation_id', 'psa', 'ticket_id', 'client_id', 'remediation_id', 'state',
  'dry_run', 'classification', 'plan', 'claim_key', 'approval_id',
  'escalation_reason', 'detail', 'acted_at', 'validation', 'created_at', 'updated_at', 'acted', 'version',
] as const;

const FILTER_COLUMNS: Record<Exclude<keyof RunFilter, 'limit'>, string> = {
  ticketId: 'ticket_id',
  clientId: 'client_id',
  remediationId: 'remediation_id',
  state: 'state',
  signalId: 'signal_id',
};

/** The persisted loop state machine, written with compare-and-set on `version`. */
export function runTable(db: Db) {
  const insert = db.prepare(`INSERT INTO runs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const byId = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  // Every column but id is rewritten; the WHERE on version is the compare-and-set.
  const casUpdate = db.prepare(
    `UPDATE runs SET ${COLUMNS.slice(1).map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND version = ?`,
  );
  const terminal = TERMINAL_STATES.map(() => '?').join(', ');
  const active = db.prepare<unknown[], RunRow>(
    `SELECT * FROM runs WHERE state NOT IN (${terminal}) ORDER BY created_at, rowid`,
  );

  // One prepared statement per filter combination (at most 2^5 x 2 of them).
  const selects = new Map<string, ReturnType<typeof db.prepare<unknown[], RunRow>>>();
  const cachedSelect = (sql: string) => {
    let stmt = selects.get(sql);
    if (!stmt) selects.set(sql, (stmt = db.prepare<unknown[], RunRow>(sql)));
    return stmt;
  };

  const create = immediate(db, (run: Run): void => {
    insert.run(...toParams(run));
  });

  const update = immediate(db, (next: Run, expectedVersion: number): Run | null => {
    const stored: Run = { ...next, version: expectedVersion + 1 };
    const [id, ...rest] = toParams(stored);
    const { changes } = casUpdate.run(...rest, id, expectedVersion);
    return changes === 1 ? stored : null;
  });

  return {
    create: (run: Run) => create(Run.parse(run)),
    get(id: string): Run | null {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    // No zod parse here: every update is a run the store handed out (parsed on read) moved on by
    // the engine's typed transitions; it was 8 parses of a large schema per ticket (profile-2026-12-08).
    update: (next: Run, expectedVersion: number) => update(next, expectedVersion),
    list(filter: RunFilter): Run[] {
      const where: string[] = [];
      const params: unknown[] = [];
      for (const [key, column] of Object.entries(FILTER_COLUMNS)) {
        const value = filter[key as keyof typeof FILTER_COLUMNS];
        if (value !== undefined) {
          where.push(`${column} = ?`);
          params.push(value);
        }
      }
      let sql = `SELECT * FROM runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC`;
      if (filter.limit !== undefined) {
        sql += ' LIMIT ?';
        params.push(Math.max(0, Math.floor(filter.limit)));
      }
      return cachedSelect(sql).all(...params).map(fromRow);
    },
    listActive(): Run[] {
      return active.all(...TERMINAL_STATES).map(fromRow);
    },
  };
}
