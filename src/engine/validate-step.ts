import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { escalate } from './escalate.js';
import type { RunScope } from './run-context.js';
import { transition } from './transition.js';
import { recordValidationFailure } from './remediation-breaker.js';
import { openActed } from './acted-state.js';

/**
 * validating -> documenting | rolled_back | escalated. A failed validation is never retried
 * silently: it rolls back where policy says so and goes to a person with what was tried.
 */
export async function validateStep(deps: EngineDeps, run: Run, scope: RunScope): Promise<Run> {
  const plan = run.plan!;
  const input = plan.input as never;
  const { remediation, policy } = scope;
  const ctx = { ...scope.ctx, acted: openActed(deps, run) };
  let validation;
  try {
    validation = await remediation.validate(ctx, input, plan.expected);
  } catch (err) {
    validation = { ok: false, observed: {}, message: `validation could not read the result: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (validation.ok) {
    return transition(deps, run, { state: 'documenting', validation }, { type: 'validated', data: { validation } });
  }
  run = await transition(deps, run, { validation }, { type: 'validation.failed', data: { validation } });
  const tripped = await recordValidationFailure(deps, plan.clientId, plan.remediationId);
  const attempted = plan.calls.map((c) => `${c.method} ${c.url}: ${c.summary}`);
  attempted.push(`validation: ${validation.message}`);
  if (tripped) attempted.push(`${remediation.id} is now disabled by its circuit breaker (${tripped.kind}) until an operator re-enables it`);
  if (policy.rollbackOnValidationFailure && remediation.rollbackPolicy.strategy === 'automatic') {
    const rb = await remediation.rollback(ctx, input, plan.prior).catch((err: unknown) => ({ ok: false, observed: {}, message: err instanceof Error ? err.message : String(err) }));
    attempted.push(`rollback to the prior state: ${rb.ok ? 'done' : 'FAILED'} (${rb.message})`);
    await transition(deps, run, {}, { type: rb.ok ? 'rolled_back' : 'rollback.failed', data: { rollback: rb, prior: plan.prior } });
    run = (await deps.store.getRun(run.id)) ?? run;
    return escalate(deps, run, 'validation_failed', validation.message, { attempted, finalState: rb.ok ? 'rolled_back' : 'escalated' });
  }
  return escalate(deps, run, 'validation_failed', validation.message, { attempted });
}
