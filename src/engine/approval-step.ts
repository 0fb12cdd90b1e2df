import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { escalate } from './escalate.js';
import { gateAndAct } from './act-step.js';
import { requestApproval } from './approval-request.js';
import { makePlan } from './plan-step.js';
import { scopeFor, type RunMemory, ticketFor } from './run-context.js';
import { audit, transition } from './transition.js';

/**
 * awaiting_approval: waits while pending; on approval it re-plans against the world as it is
 * now, and acts only if the plan is exactly the one approved. A changed plan voids the approval
 * and asks again.
 */
export async function approvalStep(deps: EngineDeps, run: Run, mem: RunMemory): Promise<Run> {
  const approval = run.approvalId ? await deps.store.getApproval(run.approvalId) : null;
  if (!approval) return escalate(deps, run, 'approval_expired', 'the approval record is missing');
  const now = deps.clock();
  if (approval.status === 'pending') {
    if (now.toISOString() < approval.expiresAt) return run;
    await deps.store.decideApproval(approval.id, 'expired', 'system', now.toISOString());
    return escalate(deps, run, 'approval_expired', `approval ${approval.id} expired at ${approval.expiresAt} without a decision`);
  }
  if (approval.status === 'denied') return escalate(deps, run, 'approval_denied', `approval ${approval.id} was denied by ${approval.decidedBy ?? 'someone'}`);
  if (approval.status === 'expired') return escalate(deps, run, 'approval_expired', `approval ${approval.id} expired`);
  if (approval.status === 'voided') return run;

  // Approved: plan again from a fresh read of the world.
  mem.ticket = undefined;
  const scope = scopeFor(deps, run, await ticketFor(deps, run, mem));
  const c = run.classification!;
  const planned = await makePlan(scope, { confidence: c.confidence, reasons: c.reasons, params: c.params });
  if (!planned.ok) return escalate(deps, run, planned.reason, planned.detail);
  if (planned.plan.hash !== approval.planHash) {
    await deps.store.voidApproval(approval.id, now.toISOString());
    await audit(deps, run, { type: 'approval.voided', data: { approvalId: approval.id, approvedHash: approval.planHash, currentHash: planned.plan.hash } });
    return requestApproval(deps, { ...run, plan: planned.plan }, planned.plan, [`the plan changed after approval ${approval.id} (${planned.plan.summary})`], approval.id);
  }
  run = await transition(deps, run, { plan: planned.plan }, { type: 'approval.used', actor: approval.decidedBy ?? 'unknown', data: { approvalId: approval.id, planHash: approval.planHash } });
  return gateAndAct(deps, run, scope, true);
}
