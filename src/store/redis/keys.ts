/**
 * The key layout, in one place so the store, its Lua scripts and the tests agree on it.
 * Every key starts with the store's prefix, so several deployments (or test runs) can share
 * one Redis. A `*Stem` is a key without its last segment; Lua scripts append ids/values to it.
 *
 * Lua scripts touch keys built from stems, so the store needs a single Redis node (or
 * Sentinel primary). On a cluster a hash-tagged prefix such as `{ticketfix}:` keeps every
 * key in one slot.
 */
export const DEFAULT_PREFIX = 'ticketfix:';

export function redisKeys(prefix: string) {
  const p = prefix;
  return {
    prefix: p,

    /** Keyv namespace for getKv/setKv; Keyv stores `${kvNamespace}::${key}` with its JSON envelope. */
    kvNamespace: `${p}kv`,

    /** hash { json, member, processedRunId? } */
    signalStem: `${p}signal:`,
    signal: (id: string) => `${p}signal:${id}`,
    /** string: the id of the signal that owns the deliveryKey (the insert-if-absent guard) */
    signalByDeliveryKey: (deliveryKey: string) => `${p}signal-dk:${deliveryKey}`,
    /** zset score=receivedMs member=`rowid\0id`: unprocessed signals, oldest first */
    signalsUnprocessed: `${p}signals:unprocessed`,
    signalRowid: `${p}signals:rowid`,

    /** hash { json, version, member, idx:<kind> } */
    runStem: `${p}run:`,
    run: (id: string) => `${p}run:${id}`,
    /** zsets, all scores 0, member=`createdAt\0rowid\0id` so lex order = SQLite's ORDER BY created_at, rowid */
    runsAll: `${p}runs:all`,
    runsActive: `${p}runs:active`,
    runIndexStem: `${p}runs:by:`,
    runIndex: (kind: string, value: string) => `${p}runs:by:${kind}:${value}`,
    runRowid: `${p}runs:rowid`,

    /** string: the event's JSON */
    auditEventStem: `${p}audit:event:`,
    auditEvent: (seq: number) => `${p}audit:event:${seq}`,
    /** hash { seq, hash }: written with each event, so a truncated tail is detectable */
    auditHead: `${p}audit:head`,
    /** zset score=seq member=seq: the events that exist */
    auditLog: `${p}audit:log`,
    /** zset score=atMs member=seq */
    auditAt: `${p}audit:at`,
    /** zsets score=seq member=seq, one per (field, value) */
    auditIndexStem: `${p}audit:by:`,
    auditIndex: (field: string, value: string) => `${p}audit:by:${field}:${value}`,

    /** hash: one field per Approval property (absent = null) plus `_member` */
    approvalStem: `${p}approval:`,
    approval: (id: string) => `${p}approval:${id}`,
    approvalsAll: `${p}approvals:all`,
    approvalStatusStem: `${p}approvals:status:`,
    approvalsByStatus: (status: string) => `${p}approvals:status:${status}`,
    approvalRowid: `${p}approvals:rowid`,

    /** hash { runId, until, untilMs } */
    claim: (key: string) => `${p}claim:${key}`,

    /** zset score=atMs member=`atMs:n`: one entry per consumed unit */
    rateStem: `${p}rate:`,
    rate: (bucket: string) => `${p}rate:${bucket}`,
    rateSeq: `${p}rate-seq`,

    /** hash field=scope key ('global', 'client:<id>', 'remediation:<id>') value=JSON */
    killSwitches: `${p}kill-switches`,

    /** hash: one field per OutboxItem property (payload/result as JSON) plus lease fields and `member` */
    outboxStem: `${p}outbox:`,
    outboxItem: (id: string) => `${p}outbox:${id}`,
    /** hash idempotencyKey -> id */
    outboxByKey: `${p}outbox-keys`,
    /** zset score=nextAttemptMs member=`rowid\0id`: undelivered items */
    outboxDue: `${p}outbox-due`,
    /** zsets score=rowid member=id */
    outboxAll: `${p}outbox-all`,
    outboxRunStem: `${p}outbox-run:`,
    outboxByRun: (runId: string) => `${p}outbox-run:${runId}`,
    outboxRowid: `${p}outbox-rowid`,
  } as const;
}

export type RedisKeys = ReturnType<typeof redisKeys>;
