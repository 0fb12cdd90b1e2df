import type { KillScope } from './store.js';

/**
 * 'global', 'client:<id>', 'remediation:<id>' or 'client-remediation:<clientId>:<id>': one row
 * per scope, so a toggle overwrites. Client ids have no colon (config enforces it); remediation
 * ids may, so they come last.
 */
export function scopeKey(scope: KillScope): string {
  if (scope.kind === 'global') return 'global';
  if (scope.kind === 'client-remediation') return `client-remediation:${scope.clientId}:${scope.id}`;
  return `${scope.kind}:${scope.id}`;
}

export function parseScopeKey(key: string): KillScope {
  if (key === 'global') return { kind: 'global' };
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  if (colon > 0 && (kind === 'client' || kind === 'remediation')) return { kind, id: rest };
  const second = rest.indexOf(':');
  if (kind === 'client-remediation' && second > 0) return { kind, clientId: rest.slice(0, second), id: rest.slice(second + 1) };
  throw new Error(`unknown kill switch scope ${JSON.stringify(key)}`);
}
