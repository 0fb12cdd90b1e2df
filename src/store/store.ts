import type { AuditEvent, AuditQuery, NewAuditEvent } from '../model/audit.js';
import type { Run, RunState } from '../model/run.js';
import type { Signal } from '../model/signal.js';
import type { ApiKeyStore } from './api-keys.js';

/**
 * Everything the engine persists. The embedded backend is SQLite; a Redis backend
 * implements the same interface and passes the same contract tests (test/store-contract.ts).
 * Every method that guards a safety property is atomic across every process sharing the store.
 */
export interface Store extends ApiKeyStore {
  // --- signals: accepted webhooks, on disk before the 2xx -------------------------------
  /** Inserts unless a signal with the same deliveryKey exists; `inserted:false` for a re-delivery. */
  putSignal(signal: Signal): Promise<{ inserted: boolean; signal: Signal }>;
  getSignal(id: string): Promise<Signal | null>;
  /** Marks a signal as picked up by a run (so restart does not start a second run for it). */
  markSignalProcessed(id: string, runId: string): Promise<void>;
  /** Signals accepted but not yet turned into a run (what a restarted process must pick up). */
  listUnprocessedSignals(limit: number): Promise<Signal[]>;

  // --- runs: the persisted loop state machine ------------------------------------------
  createRun(run: Run): Promise<void>;
  getRun(id: string): Promise<Run | null>;
  /**
   * Compare-and-set on `version`: writes `next` (with version+1) only if the stored run still
   * has `expectedVersion`. Returns the stored run, or null when another writer got there first.
   */
  updateRun(next: Run, expectedVersion: number): Promise<Run | null>;
  listRuns(filter: RunFilter): Promise<Run[]>;
  /** Runs not in a terminal state (resumed at start-up). */
  listActiveRuns(): Promise<Run[]>;

  // --- audit: append-only, hash-chained -------------------------------------------------
  /** Appends atomically: seq and prevHash are assigned inside the same transaction. */
  appendAudit(event: NewAuditEvent): Promise<AuditEvent>;
  queryAudit(query: AuditQuery): Promise<AuditEvent[]>;
  /** Recomputes the chain; reports the first event whose hash or link does not match. */
  verifyAudit(): Promise<AuditVerification>;

  // --- approvals ------------------------------------------------------------------------
  createApproval(approval: Approval): Promise<void>;
  getApproval(id: string): Promise<Approval | null>;
  listApprovals(status?: ApprovalStatus): Promise<Approval[]>;
  /** pending -> approved|denied|expired|voided, only if still pending. Returns the updated row or null. */
  decideApproval(id: string, decision: Exclude<ApprovalStatus, 'pending'>, by: string, at: string): Promise<Approval | null>;
  /**
   * pending|approved -> voided: the plan changed after the approval was asked for (or given),
   * so it no longer authorises anything. Returns the updated row, or null if it was neither.
   */
  voidApproval(id: string, at: string): Promise<Approval | null>;

  // --- idempotency claims -----------------------------------------------------------------
  /**
   * Atomically claims `key` for `runId` until `until` (ISO). Fails if another run holds an
   * unexpired claim (in progress, or a success still in its cooldown).
   */
  claim(key: string, runId: string, until: string, now: string): Promise<ClaimResult>;
  /** Extends/changes the expiry of a claim this run holds (e.g. to the cooldown after success). */
  extendClaim(key: string, runId: string, until: string): Promise<boolean>;
  /** Drops a claim this run holds (escalation: a person may retry right away). */
  releaseClaim(key: string, runId: string): Promise<void>;

  // --- rate limits across executions -------------------------------------------------------
  /**
   * All-or-nothing: consumes one unit from every bucket, or none if any bucket is full.
   * Buckets are sliding windows of `windowSeconds`.
   */
  consumeRate(buckets: RateBucket[], now: string): Promise<RateResult>;

  // --- kill switch --------------------------------------------------------------------------
  setKillSwitch(scope: KillScope, engaged: boolean, by: string, reason: string, at: string): Promise<void>;
  listKillSwitches(): Promise<KillSwitch[]>;

  // --- outbox: PSA write-backs, retried until they land -------------------------------------
  enqueueOutbox(items: NewOutboxItem[]): Promise<OutboxItem[]>;
  /**
   * Leases up to `limit` due items (nextAttemptAt <= now, not delivered, lease expired) to
   * `worker`. Each lease counts as an attempt (returned already counted), so an item whose
   * worker died mid-delivery comes back with attempts > 1.
   */
  leaseOutbox(now: string, limit: number, leaseMs: number, worker: string): Promise<OutboxItem[]>;
  /** `payload`, when given, replaces the stored one (a delivered note drops its sealed copy). */
  completeOutbox(id: string, at: string, result: Record<string, unknown>, payload?: Record<string, unknown>): Promise<void>;
  failOutbox(id: string, error: string, nextAttemptAt: string): Promise<void>;
  listOutbox(filter: { runId?: string; delivered?: boolean }): Promise<OutboxItem[]>;

  // --- small key/value state (install records, caches) --------------------------------------
  getKv<T = unknown>(key: string): Promise<T | null>;
  setKv(key: string, value: unknown, ttlMs?: number): Promise<void>;

  close(): Promise<void>;
}

export interface RunFilter {
  ticketId?: string;
  clientId?: string;
  remediationId?: string;
  state?: RunState;
  signalId?: string;
  limit?: number;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The seq of the first bad event, when not ok. */
  firstBadSeq?: number;
  problem?: string;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'voided';

export interface Approval {
  id: string;
  runId: string;
  clientId: string;
  remediationId: string;
  ticketId: string;
  /** The hash of the exact plan approved; a run acting on any other plan must ask again. */
  planHash: string;
  planSummary: string;
  reason: string;
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

export type ClaimResult = { ok: true } | { ok: false; heldBy: string; until: string };

export interface RateBucket {
  key: string;
  max: number;
  windowSeconds: number;
}

export type RateResult = { ok: true } | { ok: false; bucket: string };

export type KillScope =
  | { kind: 'global' }
  | { kind: 'client'; id: string }
  | { kind: 'remediation'; id: string }
  /** One remediation at one client (what the remediation circuit breaker trips). */
  | { kind: 'client-remediation'; clientId: string; id: string };

export interface KillSwitch {
  scope: KillScope;
  engaged: boolean;
  by: string;
  reason: string;
  at: string;
}

export type OutboxKind = 'note' | 'status' | 'time_entry';

export interface NewOutboxItem {
  /** Unique per side effect: re-enqueueing the same key is a no-op (exactly-once delivery). */
  idempotencyKey: string;
  runId: string;
  installationId: string;
  ticketId: string;
  kind: OutboxKind;
  payload: Record<string, unknown>;
}

export interface OutboxItem extends NewOutboxItem {
  id: string;
  attempts: number;
  nextAttemptAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
}
