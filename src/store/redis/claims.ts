import { toMs } from '../time.js';
import type { ClaimResult } from '../store.js';
import type { RedisContext } from './context.js';
import { asArray, asString, lua } from './lua.js';

// Read-then-write in one script: two processes cannot both see the key as free. Expiry compares
// epoch ms (ARGV), so differently formatted ISO strings compare correctly. No Redis TTL: expiry
// is judged on the caller's `now`, exactly as in SQLite.
// KEYS: claim. ARGV: runId, until, untilMs, nowMs.
const CLAIM = lua(`
local holder = redis.call('HGET', KEYS[1], 'runId')
if holder and holder ~= ARGV[1] and tonumber(redis.call('HGET', KEYS[1], 'untilMs')) > tonumber(ARGV[4]) then
  return {0, holder, redis.call('HGET', KEYS[1], 'until')}
end
redis.call('HSET', KEYS[1], 'runId', ARGV[1], 'until', ARGV[2], 'untilMs', ARGV[3])
return {1}
`);

// Only the holder may extend (ARGV: runId, until, untilMs) or release (ARGV: runId).
const EXTEND = lua(`
if redis.call('HGET', KEYS[1], 'runId') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'until', ARGV[2], 'untilMs', ARGV[3])
return 1
`);

const RELEASE = lua(`
if redis.call('HGET', KEYS[1], 'runId') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

/** Idempotency claims: one run per (client, remediation, target, problem) at a time. */
export function claimTable({ client, keys }: RedisContext) {
  return {
    async claim(key: string, runId: string, until: string, now: string): Promise<ClaimResult> {
      const reply = asArray(await CLAIM.run(client, [keys.claim(key)], [runId, until, toMs(until), toMs(now)]));
      return reply[0] === 1 ? { ok: true } : { ok: false, heldBy: asString(reply[1]), until: asString(reply[2]) };
    },
    async extend(key: string, runId: string, until: string): Promise<boolean> {
      return (await EXTEND.run(client, [keys.claim(key)], [runId, until, toMs(until)])) === 1;
    },
    async release(key: string, runId: string): Promise<void> {
      await RELEASE.run(client, [keys.claim(key)], [runId]);
    },
  };
}
