import type { AuditEvent, AuditQuery, NewAuditEvent } from '../../model/audit.js';
import type { ApiKeyRecord } from '../api-keys.js';
import type { Run } from '../../model/run.js';
import type { Signal } from '../../model/signal.js';
import type {
  Approval,
  ApprovalStatus,
  AuditVerification,
  ClaimResult,
  KillScope,
  KillSwitch,
  NewOutboxItem,
  OutboxItem,
  RateBucket,
  RateResult,
  RunFilter,
  Store,
} from '../store.js';
import { apiKeyTable } from './api-keys.js';
import { approvalTable } from './approvals.js';
import { auditTable } from './audit.js';
import { claimTable } from './claims.js';
import { openDb, type Db, type OpenDbOptions } from './db.js';
import { killSwitchTable } from './kill-switch.js';
import { kvTable } from './kv.js';
import { outboxTable } from './outbox.js';
import { rateLimitTable } from './rate-limits.js';
import { runTable } from './runs.js';
import { signalTable } from './signals.js';

export type SqliteStoreOptions = OpenDbOptions;

/**
 * The embedded Store. better-sqlite3 is synchronous, so each method runs to completion before
 * the next one starts in this process; across processes the file locks (BEGIN IMMEDIATE in
 * every write) give the same atomicity.
 */
export class SqliteStore implements Store {
  private readonly db: Db;
  private readonly signals;
  private readonly runs;
  private readonly audit;
  private readonly approvals;
  private readonly claims;
  private readonly rates;
  private readonly killSwitches;
  private readonly outbox;
  private readonly kv;
  private readonly apiKeys;

  constructor(options: SqliteStoreOptions) {
    this.db = openDb(options);
    this.signals = signalTable(this.db);
    this.runs = runTable(this.db);
    this.audit = auditTable(this.db);
    this.approvals = approvalTable(this.db);
    this.claims = claimTable(this.db);
    this.rates = rateLimitTable(this.db);
    this.killSwitches = killSwitchTable(this.db);
    this.outbox = outboxTable(this.db);
    this.kv = kvTable(this.db);
    this.apiKeys = apiKeyTable(this.db);
  }

  /** The database file this store was opened on. */
  get file(): string {
    return this.db.name;
  }

  async putSignal(signal: Signal): Promise<{ inserted: boolean; signal: Signal }> {
    return this.signals.put(signal);
  }
  async getSignal(id: string): Promise<Signal | null> {
    return this.signals.get(id);
  }
  async markSignalProcessed(id: string, runId: string): Promise<void> {
    this.signals.markProcessed(id, runId);
  }
  async listUnprocessedSignals(limit: number): Promise<Signal[]> {
    return this.signals.listUnprocessed(limit);
  }

  async createRun(run: Run): Promise<void> {
    this.runs.create(run);
  }
  async getRun(id: string): Promise<Run | null> {
    return this.runs.get(id);
  }
  async updateRun(next: Run, expectedVersion: number): Promise<Run | null> {
    return this.runs.update(next, expectedVersion);
  }
  async listRuns(filter: RunFilter): Promise<Run[]> {
    return this.runs.list(filter);
  }
  async listActiveRuns(): Promise<Run[]> {
    return this.runs.listActive();
  }

  async appendAudit(event: NewAuditEvent): Promise<AuditEvent> {
    return this.audit.append(event);
  }
  async queryAudit(query: AuditQuery): Promise<AuditEvent[]> {
    return this.audit.query(query);
  }
  async verifyAudit(): Promise<AuditVerification> {
    return this.audit.verify();
  }

  async createApproval(approval: Approval): Promise<void> {
    this.approvals.create(approval);
  }
  async getApproval(id: string): Promise<Approval | null> {
    return this.approvals.get(id);
  }
  async listApprovals(status?: ApprovalStatus): Promise<Approval[]> {
    return this.approvals.list(status);
  }
  async decideApproval(
    id: string,
    decision: Exclude<ApprovalStatus, 'pending'>,
    by: string,
    at: string,
  ): Promise<Approval | null> {
    return this.approvals.decide(id, decision, by, at);
  }
  async voidApproval(id: string, at: string): Promise<Approval | null> {
    return this.approvals.void(id, at);
  }

  async claim(key: string, runId: string, until: string, now: string): Promise<ClaimResult> {
    return this.claims.claim(key, runId, until, now);
  }
  async extendClaim(key: string, runId: string, until: string): Promise<boolean> {
    return this.claims.extend(key, runId, until);
  }
  async releaseClaim(key: string, runId: string): Promise<void> {
    this.claims.release(key, runId);
  }

  async consumeRate(buckets: RateBucket[], now: string): Promise<RateResult> {
    return this.rates.consume(buckets, now);
  }

  async setKillSwitch(scope: KillScope, engaged: boolean, by: string, reason: string, at: string): Promise<void> {
    this.killSwitches.set(scope, engaged, by, reason, at);
  }
  async listKillSwitches(): Promise<KillSwitch[]> {
    return this.killSwitches.list();
  }

  async enqueueOutbox(items: NewOutboxItem[]): Promise<OutboxItem[]> {
    return this.outbox.enqueue(items);
  }
  async leaseOutbox(now: string, limit: number, leaseMs: number, worker: string): Promise<OutboxItem[]> {
    return this.outbox.lease(now, limit, leaseMs, worker);
  }
  async completeOutbox(id: string, at: string, result: Record<string, unknown>, payload?: Record<string, unknown>): Promise<void> {
    this.outbox.complete(id, at, result, payload);
  }
  async failOutbox(id: string, error: string, nextAttemptAt: string): Promise<void> {
    this.outbox.fail(id, error, nextAttemptAt);
  }
  async listOutbox(filter: { runId?: string; delivered?: boolean }): Promise<OutboxItem[]> {
    return this.outbox.list(filter);
  }

  async getKv<T = unknown>(key: string): Promise<T | null> {
    return this.kv.get<T>(key);
  }
  async setKv(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.kv.set(key, value, ttlMs);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    return this.apiKeys.create(key);
  }
  async getApiKey(id: string): Promise<ApiKeyRecord | null> {
    return this.apiKeys.get(id);
  }
  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.apiKeys.list();
  }
  async revokeApiKey(id: string, at: string): Promise<ApiKeyRecord | null> {
    return this.apiKeys.revoke(id, at);
  }
  async touchApiKey(id: string, at: string): Promise<void> {
    return this.apiKeys.touch(id, at);
  }
  async useOnce(token: string, keepUntil: string): Promise<boolean> {
    return this.apiKeys.useOnce(token, keepUntil);
  }

  /** Idempotent: closing twice is harmless (shutdown paths often overlap). */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
