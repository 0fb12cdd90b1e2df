import type { KillScope, KillSwitch, Store } from '../store/store.js';

/** Engages or releases a kill switch and records who did it. Every instance reads it before acting. */
export async function setKillSwitch(store: Store, scope: KillScope, engaged: boolean, by: string, reason: string, at: string): Promise<void> {
  await store.setKillSwitch(scope, engaged, by, reason, at);
  await store.appendAudit({
    type: 'kill_switch.set',
    runId: null,
    ticketId: null,
    clientId: scope.kind === 'client' ? scope.id : scope.kind === 'client-remediation' ? scope.clientId : null,
    remediationId: scope.kind === 'remediation' || scope.kind === 'client-remediation' ? scope.id : null,
    outcome: null,
    actor: by,
    data: { scope, engaged, reason },
  });
}

/** The ids an operator's switch may name: the configured clients and the registered remediations. */
export interface KnownIds {
  clients: readonly string[];
  remediations: readonly string[];
}

const scopeKey = (s: KillScope): string =>
  s.kind === 'global' ? 'global' : s.kind === 'client-remediation' ? `${s.kind}\n${s.clientId}\n${s.id}` : `${s.kind}\n${s.id}`;
const sameScope = (a: KillScope, b: KillScope): boolean => scopeKey(a) === scopeKey(b);

function unknownId(kind: 'client' | 'remediation', id: string, valid: readonly string[]): string {
  const near = valid.find((v) => v.toLowerCase() === id.trim().toLowerCase().replace(/_/g, '-'));
  return `unknown ${kind} '${id}'${near ? ` (did you mean '${near}'?)` : ''}; valid ${kind} ids: ${valid.map((v) => `'${v}'`).join(', ') || 'none'}`;
}

/**
 * Why a switch on this scope would stop nothing, or null when it names only things that exist.
 * Ids are compared exactly (`Contoso` and `contoso ` are not `contoso`): the engine looks them up
 * exactly, so a near miss would answer "engaged" and stop nothing. Releasing a switch that is
 * recorded stays possible even if its id has since left the config, so it can be cleared.
 */
export function killScopeProblem(scope: KillScope, engaged: boolean, known: KnownIds, recorded: readonly KillSwitch[] = []): string | null {
  if (scope.kind === 'global') return null;
  if (!engaged && recorded.some((s) => sameScope(s.scope, scope))) return null;
  const problems: string[] = [];
  const clientId = scope.kind === 'client' ? scope.id : scope.kind === 'client-remediation' ? scope.clientId : undefined;
  const remediationId = scope.kind === 'remediation' || scope.kind === 'client-remediation' ? scope.id : undefined;
  if (clientId !== undefined && !known.clients.includes(clientId)) problems.push(unknownId('client', clientId, known.clients));
  if (remediationId !== undefined && !known.remediations.includes(remediationId)) problems.push(unknownId('remediation', remediationId, known.remediations));
  return problems.length ? problems.join('; ') : null;
}
