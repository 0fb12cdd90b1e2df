import type { KillScope } from '../store/store.js';
import type { EngineDeps } from './deps.js';
import { setKillSwitch } from './kill-switch.js';

/**
 * Counts a validation failure; past the threshold (per client, or across clients) the engine
 * engages the kill switch for that remediation itself and tells the operator. A person
 * re-enables it (kill-switch off). Returns the scope it tripped, if any.
 */
export async function recordValidationFailure(deps: EngineDeps, clientId: string, remediationId: string): Promise<KillScope | null> {
  const { perClient, overall, windowSeconds } = deps.config.circuitBreaker;
  const now = deps.clock().toISOString();
  // The rate-limit primitive counts failures: a bucket that is full means the threshold is reached.
  const count = async (key: string, threshold: number) => !(await deps.store.consumeRate([{ key, max: threshold - 1, windowSeconds }], now)).ok;
  let scope: KillScope | null = null;
  if (await count(`breaker:${remediationId}`, overall)) scope = { kind: 'remediation', id: remediationId };
  else if (await count(`breaker:${remediationId}:client:${clientId}`, perClient)) scope = { kind: 'client-remediation', clientId, id: remediationId };
  if (!scope) return null;
  const reason = `circuit breaker: repeated validation failures of ${remediationId}${scope.kind === 'client-remediation' ? ` at ${clientId}` : ' across clients'}; re-enable with kill-switch off after checking`;
  await setKillSwitch(deps.store, scope, true, 'circuit-breaker', reason, now);
  await deps.store.appendAudit({ type: 'circuit_breaker.tripped', runId: null, ticketId: null, clientId, remediationId, outcome: null, actor: 'engine', data: { scope, reason } });
  deps.log.error({ remediationId, clientId, scope }, 'remediation disabled by its circuit breaker; an operator must re-enable it');
  return scope;
}
