import type { KillScope, KillSwitch } from '../store.js';
import type { Db } from './db.js';
import { immediate } from './transaction.js';
import { parseScopeKey, scopeKey } from '../kill-scope.js';

interface KillRow {
  scope: string;
  engaged: number;
  by_actor: string;
  reason: string;
  at: string;
}

export function killSwitchTable(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO kill_switches (scope, engaged, by_actor, reason, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(scope) DO UPDATE SET engaged = excluded.engaged, by_actor = excluded.by_actor,
      reason = excluded.reason, at = excluded.at`);
  const all = db.prepare<[], KillRow>('SELECT * FROM kill_switches ORDER BY scope');

  return {
    set: immediate(db, (scope: KillScope, engaged: boolean, by: string, reason: string, at: string): void => {
      upsert.run(scopeKey(scope), engaged ? 1 : 0, by, reason, at);
    }),
    list(): KillSwitch[] {
      return all.all().map((row) => ({
        scope: parseScopeKey(row.scope),
        engaged: row.engaged === 1,
        by: row.by_actor,
        reason: row.reason,
        at: row.at,
      }));
    },
  };
}
