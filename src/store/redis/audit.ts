import { setTimeout as sleep } from 'node:timers/promises';
import { AuditEvent, AuditQuery } from '../../model/audit.js';
import type { NewAuditEvent } from '../../model/audit.js';
import { GENESIS_HASH, auditData, hashAuditEvent, sealAuditEvent } from '../audit-hash.js';
import { toMs } from '../time.js';
import type { AuditVerification } from '../store.js';
import type { RedisContext } from './context.js';
import { asArray, asString, lua } from './lua.js';

const toIso = (time: string): string => new Date(toMs(time)).toISOString();

/** The AuditQuery fields with an index zset each (null values are not indexed: no query asks for them). */
const INDEXED = ['runId', 'ticketId', 'clientId', 'remediationId', 'outcome', 'type'] as const;

/** How often one append may lose the head to another process before it gives up. */
const MAX_APPEND_ATTEMPTS = 200;
const VERIFY_PAGE = 500;

// Appends only if the head is still the one the hash was computed from, so the chain never
// forks; the caller recomputes and retries otherwise. The hash itself is computed in TypeScript
// (hashAuditEvent) so both backends produce byte-identical chains.
// KEYS: head, log, at, event. ARGV: expected head seq, expected head hash, genesis hash, seq,
// hash, json, atMs, index stem, field/value pairs.
const APPEND = lua(`
local seq = redis.call('HGET', KEYS[1], 'seq') or '0'
local hash = redis.call('HGET', KEYS[1], 'hash') or ARGV[3]
if seq ~= ARGV[1] or hash ~= ARGV[2] then return 0 end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return redis.error_reply('audit event ' .. ARGV[4] .. ' already exists but the head is behind it')
end
redis.call('SET', KEYS[4], ARGV[6])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[7], ARGV[4])
for i = 9, #ARGV, 2 do
  redis.call('ZADD', ARGV[8] .. ARGV[i] .. ':' .. ARGV[i + 1], ARGV[4], ARGV[4])
end
redis.call('HSET', KEYS[1], 'seq', ARGV[4], 'hash', ARGV[5])
return 1
`);

// ARGV: event stem, log key, at key, index stem, limit, fromMs|'', toMs|'', field/value pairs.
// Drives from the smallest field index (ordered by seq); other fields and the time range are
// checked per seq. Runs as one script, so the result is a snapshot.
const QUERY = lua(`
local limit = tonumber(ARGV[5])
local fromMs = ARGV[6] ~= '' and tonumber(ARGV[6]) or nil
local toMs = ARGV[7] ~= '' and tonumber(ARGV[7]) or nil
local indexes = {}
local driver = nil
local best = nil
for i = 8, #ARGV, 2 do
  local key = ARGV[4] .. ARGV[i] .. ':' .. ARGV[i + 1]
  indexes[#indexes + 1] = key
  local n = redis.call('ZCARD', key)
  if best == nil or n < best then best = n; driver = key end
end
local out = {}
local function take(seq)
  local json = redis.call('GET', ARGV[1] .. seq)
  if json then out[#out + 1] = json end
  return #out >= limit
end
if driver == nil and (fromMs or toMs) then
  local seqs = redis.call('ZRANGEBYSCORE', ARGV[3], ARGV[6] ~= '' and ARGV[6] or '-inf', ARGV[7] ~= '' and ARGV[7] or '+inf')
  local nums = {}
  for i, s in ipairs(seqs) do nums[i] = tonumber(s) end
  table.sort(nums)
  for _, n in ipairs(nums) do
    if take(string.format('%d', n)) then break end
  end
  return out
end
if driver == nil then driver = ARGV[2] end
local offset = 0
while true do
  local seqs = redis.call('ZRANGEBYSCORE', driver, '-inf', '+inf', 'LIMIT', offset, 500)
  if #seqs == 0 then return out end
  for _, seq in ipairs(seqs) do
    local ok = true
    for _, key in ipairs(indexes) do
      if key ~= driver and not redis.call('ZSCORE', key, seq) then ok = false; break end
    end
    if ok and (fromMs or toMs) then
      local t = redis.call('ZSCORE', ARGV[3], seq)
      t = t and tonumber(t)
      ok = t ~= nil and t ~= false and (not fromMs or t >= fromMs) and (not toMs or t <= toMs)
    end
    if ok and take(seq) then return out end
  end
  offset = offset + #seqs
end
`);

// One page of the chain after ARGV[1], with the head read in the same atomic step: when the page
// comes back empty, the head seen is exactly the head at the end of the walked chain.
// Reply: {headSeq|nil, headHash|nil, {seq, json|nil, ...}}
const VERIFY_PAGE_SCRIPT = lua(`
local page = {}
for _, seq in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'LIMIT', 0, tonumber(ARGV[2]))) do
  page[#page + 1] = seq
  page[#page + 1] = redis.call('GET', ARGV[3] .. seq)
end
return {redis.call('HGET', KEYS[1], 'seq'), redis.call('HGET', KEYS[1], 'hash'), page}
`);

const parse = (json: unknown): AuditEvent => AuditEvent.parse(JSON.parse(asString(json)));

/** The append-only, hash-chained audit log. */
export function auditTable({ client, keys }: RedisContext) {
  // Appends from this process queue behind each other, so only other processes can make an
  // append lose the head (and retry); without this, N concurrent local appends cost N² rounds.
  let tail: Promise<unknown> = Promise.resolve();

  async function appendNow(event: NewAuditEvent): Promise<AuditEvent> {
    // A JSON round trip first: what is hashed is exactly what a reader will parse back.
    const { data } = auditData(event.data);
    // Normalised to UTC toISOString form, as SQLite does.
    const at = event.at === undefined ? new Date().toISOString() : toIso(event.at);
    const pairs = INDEXED.flatMap((field) => {
      const value = event[field];
      return value === null || value === undefined ? [] : [field, value];
    });
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const [headSeq, headHash] = await client.hmGet(keys.auditHead, ['seq', 'hash']);
      const unhashed = {
        seq: Number(headSeq ?? 0) + 1,
        at,
        type: event.type,
        runId: event.runId,
        ticketId: event.ticketId,
        clientId: event.clientId,
        remediationId: event.remediationId,
        outcome: event.outcome,
        actor: event.actor,
        data,
        prevHash: headHash ?? GENESIS_HASH,
      };
      const stored = sealAuditEvent(unhashed);
      const appended = await APPEND.run(
        client,
        [keys.auditHead, keys.auditLog, keys.auditAt, keys.auditEvent(stored.seq)],
        [
          headSeq ?? '0', unhashed.prevHash, GENESIS_HASH, stored.seq, stored.hash, JSON.stringify(stored), toMs(stored.at),
          keys.auditIndexStem, ...pairs,
        ],
      );
      if (appended === 1) return stored;
      // Another process appended first: back off a little (jittered) before re-reading the head.
      await sleep(Math.random() * Math.min(attempt, 10));
    }
    throw new Error(`audit append lost the head ${MAX_APPEND_ATTEMPTS} times in a row`);
  }

  return {
    append(event: NewAuditEvent): Promise<AuditEvent> {
      const result = tail.then(() => appendNow(event));
      tail = result.catch(() => undefined);
      return result;
    },

    async query(input: AuditQuery): Promise<AuditEvent[]> {
      const q = AuditQuery.parse(input);
      const pairs = INDEXED.flatMap((field) => (q[field] === undefined ? [] : [field, q[field]]));
      const reply = await QUERY.run(client, [], [
        keys.auditEventStem, keys.auditLog, keys.auditAt, keys.auditIndexStem, q.limit,
        q.from === undefined ? '' : toMs(q.from), q.to === undefined ? '' : toMs(q.to), ...pairs,
      ]);
      return asArray(reply).map(parse);
    },

    /** Walks the chain page by page; same checks and the same first-bad-seq rules as SQLite. */
    async verify(): Promise<AuditVerification> {
      let checked = 0;
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let after = 0;
      for (;;) {
        const [headSeq, headHash, page] = asArray(
          await VERIFY_PAGE_SCRIPT.run(client, [keys.auditHead, keys.auditLog], [after, VERIFY_PAGE, keys.auditEventStem]),
        );
        const entries = asArray(page);
        if (entries.length === 0) {
          if (headSeq !== null && (Number(headSeq) !== expectedSeq - 1 || headHash !== prevHash)) {
            return { ok: false, checked, firstBadSeq: expectedSeq, problem: `chain ends at seq ${expectedSeq - 1} but head is seq ${String(headSeq)}` };
          }
          return { ok: true, checked };
        }
        for (let i = 0; i < entries.length; i += 2) {
          const seq = Number(entries[i]);
          const json = entries[i + 1];
          const bad = (problem: string): AuditVerification => ({ ok: false, checked, firstBadSeq: seq, problem });
          if (seq !== expectedSeq) return { ...bad(`expected seq ${expectedSeq}, found ${seq}`), firstBadSeq: expectedSeq };
          if (json === null || json === undefined) return bad('event is missing');
          let event: AuditEvent;
          try {
            event = parse(json);
          } catch {
            return bad('event does not parse');
          }
          // The seq inside the event is hashed; an event copied to another position is caught here.
          if (event.seq !== seq) return bad(`event stored at seq ${seq} says seq ${event.seq}`);
          if (event.prevHash !== prevHash) return bad('prevHash does not match the previous event');
          const { hash, ...unhashed } = event;
          if (hashAuditEvent(unhashed) !== hash) return bad('hash does not match the event content');
          checked++;
          expectedSeq++;
          prevHash = hash;
          after = seq;
        }
      }
    },
  };
}
