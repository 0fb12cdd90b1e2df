import { toMs } from '../time.js';
import type { RateBucket, RateResult } from '../store.js';
import type { RedisContext } from './context.js';
import { asArray, lua } from './lua.js';

// Every check and every charge in ONE script: either every bucket is charged or none, and no
// other process can slip a unit in between the checks and the charges.
// KEYS: unit counter. ARGV: rate stem, nowMs, then per bucket: key, max, cutoffMs (now - window).
// A unit at t counts while now - t < window, so units at or before the cutoff are pruned.
// Reply: {1} or {0, index of the full bucket (1-based)}.
const CONSUME = lua(`
for i = 3, #ARGV, 3 do
  local zset = ARGV[1] .. ARGV[i]
  redis.call('ZREMRANGEBYSCORE', zset, '-inf', ARGV[i + 2])
  if redis.call('ZCARD', zset) >= tonumber(ARGV[i + 1]) then return {0, (i - 3) / 3 + 1} end
end
for i = 3, #ARGV, 3 do
  redis.call('ZADD', ARGV[1] .. ARGV[i], ARGV[2], ARGV[2] .. ':' .. redis.call('INCR', KEYS[1]))
end
return {1}
`);

/**
 * Sliding-window rate limits: one zset entry per consumed unit, pruned once older than the window.
 * A bucket key is expected to keep one window size; pruning uses the window of the call.
 */
export function rateLimitTable({ client, keys }: RedisContext) {
  return {
    async consume(buckets: RateBucket[], now: string): Promise<RateResult> {
      const nowMs = toMs(now);
      const args = buckets.flatMap((b) => [b.key, b.max, nowMs - b.windowSeconds * 1000]);
      const reply = asArray(await CONSUME.run(client, [keys.rateSeq], [keys.rateStem, nowMs, ...args]));
      if (reply[0] === 1) return { ok: true };
      const bucket = buckets[Number(reply[1]) - 1];
      if (!bucket) throw new Error(`rate limit script named an unknown bucket: ${JSON.stringify(reply)}`);
      return { ok: false, bucket: bucket.key };
    },
  };
}
