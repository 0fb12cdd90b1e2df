import type { KillScope } from '../store/store.js';
import type { EngineDeps } from './deps.js';
import { setKillSwitch } from './kill-switch.js';

/** What went wrong: the change did not validate, or the requester said it did not help (a reopening). */
export type RemediationFailure = 'validation_failed' | 'reopened';

/**
 * Counts a validation failure; past the threshold (per client, or across clients) the engine
 * engages the kill switch for that remediation itself and tells the operator. A person
 * re-enables it (kill-switch off). Returns the scope it tripped, if any.
 */
export function recordValidationFailure(deps: EngineDeps, clientId: string, remediationId: string): Promise<KillScope | null> {
  return recordRemediationFailure(deps, clientId, remediationId, 'validation_failed');
}

/** A resolved ticket the requester reopened is a failure like a validation failure: the same buckets, the same trip. */
export function recordReopening(deps: EngineDeps, clientId: string, remediationId: string): Promise<KillScope | null> {
  return recordRemediationFailure(deps, clientId, remediationId, 'reopened');
}

export async function recordRemediationFailure(deps: EngineDeps, clientId: string, remediationId: string, kind: RemediationFailure): Promise<KillScope | null> {
  const { perClient, overall, windowSeconds } = deps.config.circuitBreaker;
  const now = deps.clock().toISOString();
  // The rate-limit primitive counts failures: a bucket that is full means the threshold is reached.
  const count = async (key: string, threshold: number) => !(await deps.store.consumeRate([{ key, max: threshold - 1, windowSeconds }], now)).ok;
  let scope: KillScope | null = null;
  if (await count(`breaker:${remediationId}`, overall)) scope = { kind: 'remediation', id: remediationId };
  else if (await count(`breaker:${remediationId}:client:${clientId}`, perClient)) scope = { kind: 'client-remediation', clientId, id: remediationId };
  if (!scope) return null;
  const what = kind === 'reopened' ? 'repeated failures (validation failures or tickets reopened by the requester)' : 'repeated validation failures';
  const reason = `circuit breaker: ${what} of ${remediationId}${scope.kind === 'client-remediation' ? ` at ${clientId}` : ' across clients'}; re-enable with kill-switch off after checking`;
  await setKillSwitch(deps.store, scope, true, 'circuit-breaker', reason, now);
  await deps.store.appendAudit({ type: 'circuit_breaker.tripped', runId: null, ticketId: null, clientId, remediationId, outcome: null, actor: 'engine', data: { scope, reason, lastFailure: kind } });
  deps.log.error({ remediationId, clientId, scope, lastFailure: kind }, 'remediation disabled by its circuit breaker; an operator must re-enable it');
  return scope;
}
