import { Signal } from '../../model/signal.js';
import { toMs } from '../time.js';
import type { RedisContext } from './context.js';
import { asArray, asString, lua } from './lua.js';

// The deliveryKey guard, the record and the unprocessed index are written in one script, so a
// re-delivery racing the first one (in any process) always finds the first one complete.
const PUT = lua(`
local existing = redis.call('GET', KEYS[1])
if existing then
  return {0, redis.call('HGET', ARGV[1] .. existing, 'json')}
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('signal id ' .. ARGV[2] .. ' already exists with a different deliveryKey')
end
local member = pad_rowid(redis.call('INCR', KEYS[4])) .. '\\0' .. ARGV[2]
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], 'json', ARGV[3], 'member', member)
redis.call('ZADD', KEYS[3], ARGV[4], member)
return {1, ARGV[3]}
`);

// First marker wins: a second run never re-labels a signal another run already took.
const MARK = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'processedRunId') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'processedRunId', ARGV[1])
redis.call('ZREM', KEYS[2], redis.call('HGET', KEYS[1], 'member'))
return 1
`);

// Ordered by receivedMs, ties by insertion (the member starts with the padded rowid).
const UNPROCESSED = lua(`
local out = {}
local limit = tonumber(ARGV[2])
if limit <= 0 then return out end
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '+inf', 'LIMIT', 0, limit)) do
  local json = redis.call('HGET', ARGV[1] .. row_id(member), 'json')
  if json then out[#out + 1] = json end
end
return out
`);

const parse = (json: string): Signal => Signal.parse(JSON.parse(json));

/** Accepted webhooks: the durable record written before the 2xx. */
export function signalTable({ client, keys }: RedisContext) {
  return {
    async put(input: Signal): Promise<{ inserted: boolean; signal: Signal }> {
      const s = Signal.parse(input);
      const reply = asArray(
        await PUT.run(
          client,
          [keys.signalByDeliveryKey(s.deliveryKey), keys.signal(s.id), keys.signalsUnprocessed, keys.signalRowid],
          [keys.signalStem, s.id, JSON.stringify(s), toMs(s.receivedAt)],
        ),
      );
      return { inserted: reply[0] === 1, signal: parse(asString(reply[1])) };
    },
    async get(id: string): Promise<Signal | null> {
      const json = await client.hGet(keys.signal(id), 'json');
      return json === null || json === undefined ? null : parse(json);
    },
    async markProcessed(id: string, runId: string): Promise<void> {
      await MARK.run(client, [keys.signal(id), keys.signalsUnprocessed], [runId]);
    },
    async listUnprocessed(limit: number): Promise<Signal[]> {
      const reply = await UNPROCESSED.run(client, [keys.signalsUnprocessed], [keys.signalStem, Math.max(0, Math.floor(limit))]);
      return asArray(reply).map((json) => parse(asString(json)));
    },
  };
}
