import { randomUUID } from 'node:crypto';
import { toMs } from '../time.js';
import type { NewOutboxItem, OutboxItem } from '../store.js';
import type { RedisContext } from './context.js';
import { asArray, flatHash, lua } from './lua.js';
import { NewOutboxRecord, OutboxRecord } from '../records.js';

// The whole batch in one script (all or nothing, as SQLite's transaction). An idempotency key
// already present keeps its stored item. KEYS: byKey hash, rowid counter, due, all.
// ARGV: item stem, run stem, now, nowMs, then 7 per item: id, key, runId, installationId,
// ticketId, kind, payload JSON. Reply: one HGETALL per item, in input order.
const ENQUEUE = lua(`
local out = {}
for i = 5, #ARGV, 7 do
  local id = redis.call('HGET', KEYS[1], ARGV[i + 1])
  if not id then
    id = ARGV[i]
    local rowid = redis.call('INCR', KEYS[2])
    redis.call('HSET', KEYS[1], ARGV[i + 1], id)
    redis.call('HSET', ARGV[1] .. id,
      'id', id, 'idempotencyKey', ARGV[i + 1], 'runId', ARGV[i + 2], 'installationId', ARGV[i + 3],
      'ticketId', ARGV[i + 4], 'kind', ARGV[i + 5], 'payload', ARGV[i + 6], 'attempts', 0,
      'nextAttemptAt', ARGV[3], 'nextAttemptMs', ARGV[4], 'createdAt', ARGV[3], 'member', pad_rowid(rowid) .. '\\0' .. id)
    redis.call('ZADD', KEYS[3], ARGV[4], pad_rowid(rowid) .. '\\0' .. id)
    redis.call('ZADD', KEYS[4], rowid, id)
    redis.call('ZADD', ARGV[2] .. ARGV[i + 2], rowid, id)
  end
  out[#out + 1] = redis.call('HGETALL', ARGV[1] .. id)
end
return out
`);

// Due = nextAttemptMs <= now and no unexpired lease, oldest first (score, then rowid in the
// member). Checking and taking the lease happen in one script, so two workers never hold one item.
// KEYS: due. ARGV: item stem, nowMs, limit, leaseUntilMs, worker.
const LEASE = lua(`
local out = {}
local limit = tonumber(ARGV[3])
local now = tonumber(ARGV[2])
if limit <= 0 then return out end
local offset = 0
while true do
  local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', offset, 200)
  if #members == 0 then return out end
  for _, member in ipairs(members) do
    local item = ARGV[1] .. row_id(member)
    local lease = redis.call('HGET', item, 'leaseUntilMs')
    if redis.call('EXISTS', item) == 1 and not redis.call('HGET', item, 'deliveredAt')
        and (not lease or tonumber(lease) <= now) then
      -- A lease starts an attempt (see the SQLite store): counted before the item is returned.
      redis.call('HINCRBY', item, 'attempts', 1)
      out[#out + 1] = redis.call('HGETALL', item)
      redis.call('HSET', item, 'leaseUntilMs', ARGV[4], 'leaseWorker', ARGV[5])
      if #out >= limit then return out end
    end
  end
  offset = offset + #members
end
`);

// Completing ends the lease; a delivered item is never reopened (a late duplicate changes nothing).
// KEYS: item, due. ARGV: at, has result ('1'|'0'), result JSON, new payload JSON ('' keeps it).
const COMPLETE = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'deliveredAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'deliveredAt', ARGV[1])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'payload', ARGV[4]) end
if ARGV[2] == '1' then redis.call('HSET', KEYS[1], 'result', ARGV[3]) else redis.call('HDEL', KEYS[1], 'result') end
redis.call('HDEL', KEYS[1], 'leaseUntilMs', 'leaseWorker')
redis.call('ZREM', KEYS[2], redis.call('HGET', KEYS[1], 'member'))
return 1
`);

// Failing ends the lease and moves the item to its next attempt. KEYS: item, due.
// ARGV: error, nextAttemptAt, nextAttemptMs.
const FAIL = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'deliveredAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'lastError', ARGV[1], 'nextAttemptAt', ARGV[2], 'nextAttemptMs', ARGV[3])
redis.call('HDEL', KEYS[1], 'leaseUntilMs', 'leaseWorker')
redis.call('ZADD', KEYS[2], ARGV[3], redis.call('HGET', KEYS[1], 'member'))
return 1
`);

// Insertion order (score = rowid). KEYS: index. ARGV: item stem.
const LIST = lua(`
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '+inf')) do
  local row = redis.call('HGETALL', ARGV[1] .. id)
  if #row > 0 then out[#out + 1] = row end
end
return out
`);

function fromHash(reply: unknown): OutboxItem {
  const h = flatHash(reply);
  return OutboxRecord.parse({
    id: h.id,
    idempotencyKey: h.idempotencyKey,
    runId: h.runId,
    installationId: h.installationId,
    ticketId: h.ticketId,
    kind: h.kind,
    payload: h.payload === undefined ? undefined : (JSON.parse(h.payload) as unknown),
    attempts: Number(h.attempts),
    nextAttemptAt: h.nextAttemptAt,
    deliveredAt: h.deliveredAt ?? null,
    lastError: h.lastError ?? null,
    result: h.result === undefined ? null : (JSON.parse(h.result) as unknown),
    createdAt: h.createdAt,
  });
}

/** PSA write-backs, retried until they land; a lease keeps two workers off the same item. */
export function outboxTable({ client, keys }: RedisContext) {
  return {
    /** Returns the stored item for every input, in input order, whether it was new or already there. */
    async enqueue(input: NewOutboxItem[]): Promise<OutboxItem[]> {
      // Validated up front, so a bad item stores nothing (as SQLite's rollback would).
      const items = input.map((item) => NewOutboxRecord.parse(item));
      if (items.length === 0) return [];
      // Items become due at the wall clock of enqueue, as in SQLite.
      const now = new Date().toISOString();
      const args = items.flatMap((item) => [
        randomUUID(), item.idempotencyKey, item.runId, item.installationId, item.ticketId, item.kind,
        JSON.stringify(item.payload ?? null),
      ]);
      const reply = await ENQUEUE.run(client, [keys.outboxByKey, keys.outboxRowid, keys.outboxDue, keys.outboxAll], [
        keys.outboxStem, keys.outboxRunStem, now, toMs(now), ...args,
      ]);
      return asArray(reply).map(fromHash);
    },
    async lease(now: string, limit: number, leaseMs: number, worker: string): Promise<OutboxItem[]> {
      const nowMs = toMs(now);
      const reply = await LEASE.run(client, [keys.outboxDue], [
        keys.outboxStem, nowMs, Math.max(0, Math.floor(limit)), nowMs + leaseMs, worker,
      ]);
      return asArray(reply).map(fromHash);
    },
    async complete(id: string, at: string, result: Record<string, unknown>, payload?: Record<string, unknown>): Promise<void> {
      const hasResult = result !== null && result !== undefined;
      const newPayload = payload === undefined ? '' : JSON.stringify(payload);
      await COMPLETE.run(client, [keys.outboxItem(id), keys.outboxDue], [at, hasResult ? '1' : '0', hasResult ? JSON.stringify(result) : '', newPayload]);
    },
    async fail(id: string, error: string, nextAttemptAt: string): Promise<void> {
      await FAIL.run(client, [keys.outboxItem(id), keys.outboxDue], [error, nextAttemptAt, toMs(nextAttemptAt)]);
    },
    async list(filter: { runId?: string; delivered?: boolean }): Promise<OutboxItem[]> {
      const index = filter.runId === undefined ? keys.outboxAll : keys.outboxByRun(filter.runId);
      const items = asArray(await LIST.run(client, [index], [keys.outboxStem])).map(fromHash);
      return filter.delivered === undefined ? items : items.filter((i) => (i.deliveredAt !== null) === filter.delivered);
    },
  };
}
