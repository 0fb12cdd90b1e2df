import { z } from 'zod';
import { parseScopeKey, scopeKey } from '../kill-scope.js';
import type { KillScope, KillSwitch } from '../store.js';
import type { RedisContext } from './context.js';

const Entry = z.object({ engaged: z.boolean(), by: z.string(), reason: z.string(), at: z.string() });

/** One hash field per scope, so a toggle overwrites (a single HSET: atomic on its own). */
export function killSwitchTable({ client, keys }: RedisContext) {
  return {
    async set(scope: KillScope, engaged: boolean, by: string, reason: string, at: string): Promise<void> {
      await client.hSet(keys.killSwitches, scopeKey(scope), JSON.stringify({ engaged, by, reason, at }));
    },
    async list(): Promise<KillSwitch[]> {
      const all = await client.hGetAll(keys.killSwitches);
      return (
        Object.entries(all)
          // SQLite's ORDER BY scope compares bytes; so does Buffer.compare.
          .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
          .map(([scope, json]) => ({ scope: parseScopeKey(scope), ...Entry.parse(JSON.parse(json)) }))
      );
    },
  };
}
