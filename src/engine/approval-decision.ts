import type { Approval, Store } from '../store/store.js';

export class ApprovalDecisionError extends Error {}

/**
 * Records a person's decision on a pending approval (API, CLI or console). The run itself
 * continues in whichever instance picks it up, which re-plans and checks the plan hash first.
 */
export async function recordApprovalDecision(store: Store, now: Date, approvalId: string, decision: 'approved' | 'denied', by: string): Promise<Approval> {
  const approval = await store.getApproval(approvalId);
  if (!approval) throw new ApprovalDecisionError(`no approval '${approvalId}'`);
  if (approval.status !== 'pending') throw new ApprovalDecisionError(`approval '${approvalId}' is already ${approval.status}`);
  if (now.toISOString() >= approval.expiresAt) throw new ApprovalDecisionError(`approval '${approvalId}' expired at ${approval.expiresAt}`);
  const decided = await store.decideApproval(approvalId, decision, by, now.toISOString());
  if (!decided) throw new ApprovalDecisionError(`approval '${approvalId}' was decided by someone else first`);
  await store.appendAudit({
    type: `approval.${decision}`,
    runId: approval.runId,
    ticketId: approval.ticketId,
    clientId: approval.clientId,
    remediationId: approval.remediationId,
    outcome: null,
    actor: by,
    data: { approvalId, planHash: approval.planHash },
  });
  return decided;
}
