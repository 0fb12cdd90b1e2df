import type { Approval, ApprovalStatus } from '../store.js';
import type { Db } from './db.js';
import { immediate } from './transaction.js';
import { ApprovalRecord } from '../records.js';


interface ApprovalRow {
  id: string;
  run_id: string;
  client_id: string;
  remediation_id: string;
  ticket_id: string;
  plan_hash: string;
  plan_summary: string;
  reason: string;
  status: string;
  created_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

function fromRow(row: ApprovalRow): Approval {
  return ApprovalRecord.parse({
    id: row.id,
    runId: row.run_id,
    clientId: row.client_id,
    remediationId: row.remediation_id,
    ticketId: row.ticket_id,
    planHash: row.plan_hash,
    planSummary: row.plan_summary,
    reason: row.reason,
    status: row.status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  });
}

/** Approvals bound to an exact plan hash; decided exactly once. */
export function approvalTable(db: Db) {
  const insert = db.prepare(`
    INSERT INTO approvals (id, run_id, client_id, remediation_id, ticket_id, plan_hash, plan_summary, reason, status,
      created_at, expires_at, decided_by, decided_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const byId = db.prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE id = ?');
  const all = db.prepare<[], ApprovalRow>('SELECT * FROM approvals ORDER BY created_at, rowid');
  const byStatus = db.prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE status = ? ORDER BY created_at, rowid');
  // The status guard in the WHERE makes the decision single-shot: a second decider changes nothing.
  const decide = db.prepare<[string, string, string, string], ApprovalRow>(`
    UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?
    WHERE id = ? AND status = 'pending'
    RETURNING *`);

  // Voiding keeps decided_by (who approved the plan that is now void, or null); the audit
  // log records why. Only pending or approved rows can be voided.
  const voidStmt = db.prepare<[string, string], ApprovalRow>(`
    UPDATE approvals SET status = 'voided', decided_at = ?
    WHERE id = ? AND status IN ('pending', 'approved')
    RETURNING *`);

  const create = immediate(db, (a: Approval): void => {
    insert.run(
      a.id, a.runId, a.clientId, a.remediationId, a.ticketId, a.planHash, a.planSummary, a.reason, a.status,
      a.createdAt, a.expiresAt, a.decidedBy, a.decidedAt,
    );
  });

  const decideTx = immediate(
    db,
    (id: string, decision: Exclude<ApprovalStatus, 'pending'>, by: string, at: string): Approval | null => {
      const row = decide.get(decision, by, at, id);
      return row ? fromRow(row) : null;
    },
  );

  const voidTx = immediate(db, (id: string, at: string): Approval | null => {
    const row = voidStmt.get(at, id);
    return row ? fromRow(row) : null;
  });

  return {
    create: (approval: Approval) => create(ApprovalRecord.parse(approval)),
    get(id: string): Approval | null {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    list(status?: ApprovalStatus): Approval[] {
      return (status === undefined ? all.all() : byStatus.all(status)).map(fromRow);
    },
    decide(id: string, decision: Exclude<ApprovalStatus, 'pending'>, by: string, at: string): Approval | null {
      if (decision === ('pending' as string)) throw new Error('an approval cannot be decided back to pending');
      return decideTx(id, decision, by, at);
    },
    void: voidTx,
  };
}
