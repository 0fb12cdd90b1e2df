import { createClient, createKeyv } from '@keyv/redis';
import type { Keyv } from 'keyv';
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
import type { RedisContext } from './context.js';
import { DEFAULT_PREFIX, redisKeys, type RedisKeys } from './keys.js';
import { killSwitchTable } from './kill-switch.js';
import { kvTable } from './kv.js';
import type { RedisClient } from './lua.js';
import { outboxTable } from './outbox.js';
import { rateLimitTable } from './rate-limits.js';
import { runTable } from './runs.js';
import { signalTable } from './signals.js';

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string;
  /** Starts every key this store writes (default `ticketfix:`); lets deployments and tests share one Redis. */
  prefix?: string;
  /** Connection errors (the client reconnects on its own); without it they are dropped. */
  onError?: (err: unknown) => void;
  /** How long opening keeps retrying an unreachable Redis before it rejects (default 5 s). */
  connectTimeoutMs?: number;
  /** The clock the connect timeout is measured on (tests pass a controllable one). */
  now?: () => number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const CLIENT_NAME = 'ticketfix-store';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * node-redis retries forever by default, so opening against an unreachable Redis would hang.
 * Before the first connection, give up after the timeout; after it, back off (capped, jittered)
 * and keep trying: a Redis restart must not take the app down.
 */
function reconnectStrategy(connectTimeoutMs: number, now: () => number = Date.now) {
  const started = now();
  let connected = false;
  return {
    connected: () => {
      connected = true;
    },
    strategy: (retries: number, cause: Error): number | Error => {
      if (!connected && now() - started >= connectTimeoutMs) return cause;
      return Math.min(50 * 2 ** Math.min(retries, 6), 2_000) + Math.floor(Math.random() * 50);
    },
  };
}

/**
 * The scale-out Store: several instances share one Redis. Plain state goes through Keyv
 * (@keyv/redis); everything that guards a safety property is one Lua script (or a single
 * command) on the same node-redis connection, so it is atomic across every instance.
 */
export class RedisStore implements Store {
  readonly keys: RedisKeys;
  private readonly client: RedisClient;
  private readonly keyv: Keyv;
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
  private closed = false;

  /** Use `RedisStore.open` (or `openRedisStore`): the connection must be up before the first call. */
  private constructor(options: RedisStoreOptions) {
    this.keys = redisKeys(options.prefix ?? DEFAULT_PREFIX);
    const reconnect = reconnectStrategy(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, options.now);
    // Named, so operators can tell store connections apart in CLIENT LIST.
    // disableOfflineQueue: while Redis is away a command fails at once instead of waiting, so a
    // webhook answers 503 (the PSA retries) rather than hanging past the sender's timeout.
    this.client = createClient({ url: options.url, name: CLIENT_NAME, disableOfflineQueue: true, socket: { reconnectStrategy: reconnect.strategy } });
    this.client.once('ready', reconnect.connected);
    // Without a listener an 'error' event (e.g. Redis restarting) would crash the process.
    this.client.on('error', (err: unknown) => options.onError?.(err));
    // One connection for both: Keyv gets the same client. throwOnErrors: a failed write must
    // reach the caller, not turn into a silent miss.
    this.keyv = createKeyv(this.client, { namespace: this.keys.kvNamespace, throwOnErrors: true });
    this.keyv.on('error', () => {
      // Errors also reject the call that caused them (throwOnErrors); this listener only keeps
      // the event from being unhandled.
    });
    const context: RedisContext = { client: this.client, keys: this.keys };
    this.signals = signalTable(context);
    this.runs = runTable(context);
    this.audit = auditTable(context);
    this.approvals = approvalTable(context);
    this.claims = claimTable(context);
    this.rates = rateLimitTable(context);
    this.killSwitches = killSwitchTable(context);
    this.outbox = outboxTable(context);
    this.kv = kvTable(this.keyv);
    this.apiKeys = apiKeyTable(context);
  }

  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    const store = new RedisStore(options);
    let lastError: unknown;
    const remember = (err: unknown) => {
      lastError = err;
    };
    store.client.on('error', remember);
    try {
      await store.client.connect();
    } catch (err) {
      if (store.client.isOpen) store.client.destroy();
      // The URL may carry a password: name only the host.
      throw new Error(`cannot connect to Redis at ${hostOf(options.url)}: ${String(lastError ?? err)}`, { cause: lastError ?? err });
    } finally {
      store.client.off('error', remember);
    }
    return store;
  }

  get prefix(): string {
    return this.keys.prefix;
  }

  /** Calls after close fail instead of letting Keyv silently reconnect the client. */
  private live(): void {
    if (this.closed) throw new Error('the Redis store is closed');
  }

  async putSignal(signal: Signal): Promise<{ inserted: boolean; signal: Signal }> {
    this.live();
    return this.signals.put(signal);
  }
  async getSignal(id: string): Promise<Signal | null> {
    this.live();
    return this.signals.get(id);
  }
  async markSignalProcessed(id: string, runId: string): Promise<void> {
    this.live();
    return this.signals.markProcessed(id, runId);
  }
  async listUnprocessedSignals(limit: number): Promise<Signal[]> {
    this.live();
    return this.signals.listUnprocessed(limit);
  }

  async createRun(run: Run): Promise<void> {
    this.live();
    return this.runs.create(run);
  }
  async getRun(id: string): Promise<Run | null> {
    this.live();
    return this.runs.get(id);
  }
  async updateRun(next: Run, expectedVersion: number): Promise<Run | null> {
    this.live();
    return this.runs.update(next, expectedVersion);
  }
  async listRuns(filter: RunFilter): Promise<Run[]> {
    this.live();
    return this.runs.list(filter);
  }
  async listActiveRuns(): Promise<Run[]> {
    this.live();
    return this.runs.listActive();
  }

  async appendAudit(event: NewAuditEvent): Promise<AuditEvent> {
    this.live();
    return this.audit.append(event);
  }
  async queryAudit(query: AuditQuery): Promise<AuditEvent[]> {
    this.live();
    return this.audit.query(query);
  }
  async verifyAudit(): Promise<AuditVerification> {
    this.live();
    return this.audit.verify();
  }

  async createApproval(approval: Approval): Promise<void> {
    this.live();
    return this.approvals.create(approval);
  }
  async getApproval(id: string): Promise<Approval | null> {
    this.live();
    return this.approvals.get(id);
  }
  async listApprovals(status?: ApprovalStatus): Promise<Approval[]> {
    this.live();
    return this.approvals.list(status);
  }
  async decideApproval(id: string, decision: Exclude<ApprovalStatus, 'pending'>, by: string, at: string): Promise<Approval | null> {
    this.live();
    return this.approvals.decide(id, decision, by, at);
  }
  async voidApproval(id: string, at: string): Promise<Approval | null> {
    this.live();
    return this.approvals.void(id, at);
  }

  async claim(key: string, runId: string, until: string, now: string): Promise<ClaimResult> {
    this.live();
    return this.claims.claim(key, runId, until, now);
  }
  async extendClaim(key: string, runId: string, until: string): Promise<boolean> {
    this.live();
    return this.claims.extend(key, runId, until);
  }
  async releaseClaim(key: string, runId: string): Promise<void> {
    this.live();
    return this.claims.release(key, runId);
  }

  async consumeRate(buckets: RateBucket[], now: string): Promise<RateResult> {
    this.live();
    return this.rates.consume(buckets, now);
  }

  async setKillSwitch(scope: KillScope, engaged: boolean, by: string, reason: string, at: string): Promise<void> {
    this.live();
    return this.killSwitches.set(scope, engaged, by, reason, at);
  }
  async listKillSwitches(): Promise<KillSwitch[]> {
    this.live();
    return this.killSwitches.list();
  }

  async enqueueOutbox(items: NewOutboxItem[]): Promise<OutboxItem[]> {
    this.live();
    return this.outbox.enqueue(items);
  }
  async leaseOutbox(now: string, limit: number, leaseMs: number, worker: string): Promise<OutboxItem[]> {
    this.live();
    return this.outbox.lease(now, limit, leaseMs, worker);
  }
  async completeOutbox(id: string, at: string, result: Record<string, unknown>, payload?: Record<string, unknown>): Promise<void> {
    this.live();
    return this.outbox.complete(id, at, result, payload);
  }
  async failOutbox(id: string, error: string, nextAttemptAt: string): Promise<void> {
    this.live();
    return this.outbox.fail(id, error, nextAttemptAt);
  }
  async listOutbox(filter: { runId?: string; delivered?: boolean }): Promise<OutboxItem[]> {
    this.live();
    return this.outbox.list(filter);
  }

  async getKv<T = unknown>(key: string): Promise<T | null> {
    this.live();
    return this.kv.get<T>(key);
  }
  async setKv(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.live();
    return this.kv.set(key, value, ttlMs);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    this.live();
    return this.apiKeys.create(key);
  }
  async getApiKey(id: string): Promise<ApiKeyRecord | null> {
    this.live();
    return this.apiKeys.get(id);
  }
  async listApiKeys(): Promise<ApiKeyRecord[]> {
    this.live();
    return this.apiKeys.list();
  }
  async revokeApiKey(id: string, at: string): Promise<ApiKeyRecord | null> {
    this.live();
    return this.apiKeys.revoke(id, at);
  }
  async touchApiKey(id: string, at: string): Promise<void> {
    this.live();
    return this.apiKeys.touch(id, at);
  }
  async useOnce(token: string, keepUntil: string): Promise<boolean> {
    this.live();
    return this.apiKeys.useOnce(token, keepUntil);
  }

  /** Waits for replies already sent, then quits. Idempotent: shutdown paths often overlap. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.isOpen) await this.client.close();
  }
}
