import type { KillScope } from './store.js';

/** 'global', 'client:<id>' or 'remediation:<id>': one row per scope, so a toggle overwrites. */
export function scopeKey(scope: KillScope): string {
  return scope.kind === 'global' ? 'global' : `${scope.kind}:${scope.id}`;
}

export function parseScopeKey(key: string): KillScope {
  if (key === 'global') return { kind: 'global' };
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  // Split on the first colon only: ids may contain colons.
  const id = key.slice(colon + 1);
  if (colon > 0 && (kind === 'client' || kind === 'remediation')) return { kind, id };
  throw new Error(`unknown kill switch scope ${JSON.stringify(key)}`);
}
