import { ApiKeyRecord } from '../api-keys.js';
import type { RedisContext } from './context.js';
import { asArray, flatHash, lua } from './lua.js';

const FIELDS = ['id', 'name', 'role', 'secretHash', 'createdAt', 'lastUsedAt', 'revokedAt'] as const;

// Key layout kept next to its only user; every key starts with the store's prefix.
const layout = (prefix: string) => ({
  /** hash: one field per ApiKeyRecord property (absent = null) */
  key: (id: string) => `${prefix}api-key:${id}`,
  keyStem: `${prefix}api-key:`,
  /** zset score=creation order member=id */
  all: `${prefix}api-keys`,
  rowid: `${prefix}api-keys:rowid`,
  /** string with PX: a used single-use token */
  used: (token: string) => `${prefix}used-token:${token}`,
});

// KEYS: key, all, rowid. ARGV: id, field/value pairs (nulls left out).
const CREATE = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('API key ' .. ARGV[1] .. ' already exists') end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
return 1
`);

// KEYS: key. ARGV: at. Revokes once: a second revoke (or an unknown id) changes nothing.
const REVOKE = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'revokedAt') == 1 then return false end
redis.call('HSET', KEYS[1], 'revokedAt', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`);

// KEYS: key. ARGV: at. Touches only a key that exists (HSET alone would create a stub hash).
const TOUCH = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1]) end
return 1
`);

const fromHash = (h: Record<string, string>): ApiKeyRecord => ApiKeyRecord.parse(Object.fromEntries(FIELDS.map((f) => [f, h[f] ?? null])));

/** API keys (hashed secrets only) and single-use markers. */
export function apiKeyTable({ client, keys }: RedisContext) {
  const k = layout(keys.prefix);
  return {
    async create(input: ApiKeyRecord): Promise<void> {
      const a = ApiKeyRecord.parse(input);
      const pairs = FIELDS.flatMap((f) => (a[f] === null ? [] : [f, a[f]]));
      await CREATE.run(client, [k.key(a.id), k.all, k.rowid], [a.id, ...pairs]);
    },
    async get(id: string): Promise<ApiKeyRecord | null> {
      const h = await client.hGetAll(k.key(id));
      return Object.keys(h).length === 0 ? null : fromHash(h);
    },
    async list(): Promise<ApiKeyRecord[]> {
      const ids = await client.zRange(k.all, 0, -1);
      const out: ApiKeyRecord[] = [];
      for (const id of ids) {
        const h = await client.hGetAll(k.key(id));
        if (Object.keys(h).length > 0) out.push(fromHash(h));
      }
      return out;
    },
    async revoke(id: string, at: string): Promise<ApiKeyRecord | null> {
      const reply = await REVOKE.run(client, [k.key(id)], [at]);
      return reply === null ? null : fromHash(flatHash(asArray(reply)));
    },
    async touch(id: string, at: string): Promise<void> {
      await TOUCH.run(client, [k.key(id)], [at]);
    },
    async useOnce(token: string, keepUntil: string): Promise<boolean> {
      const ttl = Math.max(1000, Date.parse(keepUntil) - Date.now());
      return (await client.set(k.used(token), '1', { NX: true, PX: ttl })) === 'OK';
    },
  };
}
