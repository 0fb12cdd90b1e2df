import { createHash } from 'node:crypto';
import type { RedisClientType } from '@keyv/redis';

export type RedisClient = RedisClientType;

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not know it
 * (first use, a restart or SCRIPT FLUSH); EVAL caches it for the next call.
 * A script runs atomically: no other command from any client interleaves with it.
 */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: Array<string | number>): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await client.evalSha(this.sha, options);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.source, options);
    }
  }
}

/**
 * Lua helpers shared by scripts (prepended to their source).
 * `lex_id` takes the id out of a `sortKey\0rowid(16)\0id` member; `row_id` out of `rowid(16)\0id`.
 */
export const LUA_HELPERS = `
local function pad_rowid(n) return string.format('%016d', n) end
local function lex_id(member)
  local p = string.find(member, '\\0', 1, true)
  return string.sub(member, p + 18)
end
local function row_id(member) return string.sub(member, 18) end
`;

export const lua = (body: string): LuaScript => new LuaScript(`${LUA_HELPERS}\n${body}`);

/** Rowid padded like `pad_rowid`, for members built in TypeScript. */
export const padRowid = (n: number): string => String(n).padStart(16, '0');

export function asArray(reply: unknown): unknown[] {
  if (!Array.isArray(reply)) throw new Error(`unexpected Redis reply: ${JSON.stringify(reply)}`);
  return reply;
}

export function asString(reply: unknown): string {
  if (typeof reply !== 'string') throw new Error(`unexpected Redis reply: ${JSON.stringify(reply)}`);
  return reply;
}

/** A flat HGETALL reply from Lua ([field, value, ...]) as an object. */
export function flatHash(reply: unknown): Record<string, string> {
  const list = asArray(reply);
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[asString(list[i])] = asString(list[i + 1]);
  return out;
}
