import type { Db } from './db.js';
import { immediate } from './transaction.js';

/**
 * Schema versions, applied in order and recorded in PRAGMA user_version. Append new entries;
 * never edit a released one (files in the field already ran it).
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE signals (
    id TEXT PRIMARY KEY,
    delivery_key TEXT NOT NULL UNIQUE,
    installation_id TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    ticket_id TEXT,
    company_hint TEXT,
    received_at TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    processed_run_id TEXT
  );
  CREATE INDEX signals_unprocessed ON signals(received_ms) WHERE processed_run_id IS NULL;

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    signal_id TEXT NOT NULL,
    installation_id TEXT NOT NULL,
    psa TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    client_id TEXT,
    remediation_id TEXT,
    state TEXT NOT NULL,
    dry_run INTEGER NOT NULL,
    classification TEXT,
    plan TEXT,
    claim_key TEXT,
    approval_id TEXT,
    escalation_reason TEXT,
    detail TEXT,
    acted_at TEXT,
    validation TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  );
  CREATE INDEX runs_ticket ON runs(ticket_id);
  CREATE INDEX runs_client ON runs(client_id);
  CREATE INDEX runs_remediation ON runs(remediation_id);
  CREATE INDEX runs_state ON runs(state);
  CREATE INDEX runs_signal ON runs(signal_id);

  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    type TEXT NOT NULL,
    run_id TEXT,
    ticket_id TEXT,
    client_id TEXT,
    remediation_id TEXT,
    outcome TEXT,
    actor TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_run ON audit(run_id);
  CREATE INDEX audit_ticket ON audit(ticket_id);
  CREATE INDEX audit_client ON audit(client_id);
  CREATE INDEX audit_remediation ON audit(remediation_id);
  CREATE INDEX audit_outcome ON audit(outcome);
  CREATE INDEX audit_type ON audit(type);
  CREATE INDEX audit_at ON audit(at);
  -- The head is written in the same transaction as each event, so a truncated tail is detectable.
  CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
  );
  -- Append-only by construction: editing history needs a deliberate DROP TRIGGER first
  -- (and is then still caught by the hash chain).
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

  CREATE TABLE approvals (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    remediation_id TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    plan_hash TEXT NOT NULL,
    plan_summary TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT
  );
  CREATE INDEX approvals_status ON approvals(status);

  CREATE TABLE claims (
    key TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    until TEXT NOT NULL,
    until_ms INTEGER NOT NULL
  );

  CREATE TABLE rate_hits (
    bucket TEXT NOT NULL,
    at_ms INTEGER NOT NULL
  );
  CREATE INDEX rate_hits_bucket ON rate_hits(bucket, at_ms);

  CREATE TABLE kill_switches (
    scope TEXT PRIMARY KEY,
    engaged INTEGER NOT NULL,
    by_actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
  );

  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    run_id TEXT NOT NULL,
    installation_id TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    next_attempt_ms INTEGER NOT NULL,
    delivered_at TEXT,
    last_error TEXT,
    result TEXT,
    created_at TEXT NOT NULL,
    lease_until_ms INTEGER,
    lease_worker TEXT
  );
  CREATE INDEX outbox_due ON outbox(next_attempt_ms) WHERE delivered_at IS NULL;
  CREATE INDEX outbox_run ON outbox(run_id);

  CREATE TABLE kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_ms INTEGER
  );
  CREATE INDEX kv_expires ON kv(expires_ms) WHERE expires_ms IS NOT NULL;
  `,
  // RMM alert signals carry the normalised alert; existing rows read back without one.
  `ALTER TABLE signals ADD COLUMN alert TEXT;`,
  // What act hands the later steps (secrets sealed); runs stored before read back without it.
  `ALTER TABLE runs ADD COLUMN acted TEXT;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file to the current schema. BEGIN IMMEDIATE: two processes starting together migrate once. */
export function migrate(db: Db): void {
  immediate(db, () => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`database schema ${current} is newer than this build (${SCHEMA_VERSION}); upgrade ticketfix`);
    }
    for (const sql of MIGRATIONS.slice(current)) db.exec(sql);
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
