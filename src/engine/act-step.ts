import type { Run } from '../model/run.js';
import type { Plan } from '../model/plan.js';
import { riskNeedsApproval, type ActHandover } from '../remediation/define.js';
import { OutsideApiError } from '../http/outside-api-error.js';
import type { EngineDeps } from './deps.js';
import { escalate } from './escalate.js';
import { describeKillScope, engagedKillSwitch, rateBuckets } from './gates.js';
import { requestApproval } from './approval-request.js';
import type { RunScope } from './run-context.js';
import { transition } from './transition.js';
import { keepHandover, openActed, secretLinksFor } from './acted-state.js';

/** Why this plan needs a person before it runs; empty when it may run now. */
export function approvalReasons(scope: RunScope, plan: Plan): string[] {
  const reasons: string[] = [];
  if (plan.targets.length > scope.policy.maxTargets) reasons.push(`touches ${plan.targets.length} targets, over the limit of ${scope.policy.maxTargets}`);
  if (riskNeedsApproval(scope.remediation.riskClass)) reasons.push(`risk class '${scope.remediation.riskClass}' always needs approval`);
  if (plan.approvalReason) reasons.push(plan.approvalReason);
  return reasons;
}

/**
 * decided -> dry_run | awaiting_approval | acting -> validating. The gates that must hold at the
 * moment of the change (kill switch, rate limit) are checked immediately before acting.
 */
export async function gateAndAct(deps: EngineDeps, run: Run, scope: RunScope, approved: boolean): Promise<Run> {
  const plan = run.plan!;
  if (plan.targets.length > scope.policy.maxTargets && scope.policy.overMaxTargets === 'refuse') {
    return escalate(deps, run, 'blast_radius', `the plan touches ${plan.targets.length} targets; policy allows ${scope.policy.maxTargets} and refuses larger runs`);
  }
  const reasons = approvalReasons(scope, plan);
  if (run.dryRun) {
    const detail = scope.policy.shadow ? 'shadow: nothing was changed and nothing was written to the PSA' : 'dry-run: nothing was changed';
    return transition(deps, run, { state: 'dry_run', detail }, { type: 'dry_run', outcome: 'dry_run', data: { wouldSend: plan.calls, wouldNeedApproval: reasons, planHash: plan.hash, shadow: scope.policy.shadow } });
  }
  if (reasons.length > 0 && !approved) return requestApproval(deps, run, plan, reasons);
  return act(deps, run, scope);
}

/** The change itself, with the last-moment gates. Also the resume point for a run killed mid-act. */
export async function act(deps: EngineDeps, run: Run, scope: RunScope): Promise<Run> {
  const plan = run.plan!;
  const { remediation } = scope;
  const input = plan.input as never;
  // What validate reads back after an ambiguous answer: the handover kept so far, from the run.
  const validateCtx = (r: Run) => ({ ...scope.ctx, acted: openActed(deps, r) });

  if (run.state === 'acting' && !run.actedAt) {
    // Resumed after a crash mid-act: the change may have landed. Look before acting again.
    const seen = await remediation.validate(validateCtx(run), input, plan.expected).catch(() => null);
    if (seen?.ok) return transition(deps, run, { state: 'validating', actedAt: deps.clock().toISOString() }, { type: 'acted', data: { recovered: true, calls: plan.calls } });
  }

  const kill = await engagedKillSwitch(deps.store, plan.clientId, plan.remediationId);
  if (kill) return escalate(deps, run, 'kill_switch', `the ${describeKillScope(kill)} kill switch is engaged (${kill.reason || 'no reason given'}, by ${kill.by})`);

  if (run.state !== 'acting') {
    const rate = await deps.store.consumeRate(rateBuckets(deps.config, scope.policy, plan.clientId, plan.remediationId), deps.clock().toISOString());
    if (!rate.ok) return escalate(deps, run, 'rate_limited', `rate limit '${rate.bucket}' reached`);
    run = await transition(deps, run, { state: 'acting' }, { type: 'acting', data: { prior: plan.prior, calls: plan.calls } });
  }

  // The handover is persisted with the run as soon as act hands it over (before its risky call),
  // so a crash or another instance still finds it; `current` follows the run's version.
  let current = run;
  const remember = async (handover: ActHandover) => {
    current = await keepHandover(deps, current, scope.ctx.ticket, handover);
  };
  const ctx = { ...scope.ctx, secretLinks: secretLinksFor(deps), remember };
  try {
    const returned = await remediation.act(ctx, input);
    if (returned) await remember(returned);
  } catch (err) {
    if (!(err instanceof OutsideApiError)) throw err;
    // An error reply does not prove nothing changed (timeouts, 5xx): read the world to know.
    const seen = await remediation.validate(validateCtx(current), input, plan.expected).catch(() => null);
    if (!seen?.ok) {
      return escalate(deps, current, 'api_error', err.message, { attempted: plan.calls.map((c) => `${c.method} ${c.url}: ${c.summary} -> ${err.message}`) });
    }
  }
  return transition(deps, current, { state: 'validating', actedAt: deps.clock().toISOString() }, { type: 'acted', data: { calls: plan.calls } });
}
