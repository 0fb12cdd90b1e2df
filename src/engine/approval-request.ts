import type { Plan } from '../model/plan.js';
import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { installationStatuses } from './escalate.js';
import { customerNoteFor } from './customer-notes.js';
import { approvalNote } from './notes.js';
import { transition } from './transition.js';
import { queueWriteBacks } from './write-back.js';

/**
 * Parks a run until a person approves this exact plan: the approval stores the plan hash, the
 * ticket gets an internal note and the waiting status, and the claim is held until expiry.
 */
export async function requestApproval(deps: EngineDeps, run: Run, plan: Plan, reasons: string[], previous?: string): Promise<Run> {
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + deps.config.approvalTtlMinutes * 60_000).toISOString();
  const id = deps.newId();
  const reason = reasons.join('; ');
  await deps.store.createApproval({
    id,
    runId: run.id,
    clientId: plan.clientId,
    remediationId: plan.remediationId,
    ticketId: run.ticketId,
    planHash: plan.hash,
    planSummary: plan.summary,
    reason,
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt,
    decidedBy: null,
    decidedAt: null,
  });
  if (run.claimKey) await deps.store.extendClaim(run.claimKey, run.id, expiresAt);
  await queueWriteBacks(deps, run, {
    purpose: `approval-${id}`,
    note: { text: withLink(deps, approvalNote(deps.config, run, plan, id, reason, expiresAt), { id, planHash: plan.hash, expiresAt }), visibility: 'internal' },
    customerNote: { text: customerNoteFor(deps, run, 'awaiting_approval', { request: plan.summary }), visibility: 'customer' },
    status: installationStatuses(deps, run.installationId).awaitingApproval,
  });
  return transition(deps, run, { state: 'awaiting_approval', approvalId: id, plan }, { type: 'approval.requested', data: { approvalId: id, planHash: plan.hash, reasons, expiresAt, replaces: previous ?? null } });
}

/**
 * Adds the signed, single-use link to the note (before its marker line). The link leads to a
 * page where an approver signs in; the token alone authorises nothing.
 */
function withLink(deps: EngineDeps, note: string, approval: { id: string; planHash: string; expiresAt: string }): string {
  if (!deps.approvalLinks) return note;
  const lines = note.split('\n');
  const link = deps.approvalLinks.url(deps.approvalLinks.sign(approval));
  lines.splice(lines.length - 1, 0, `Approve or deny in the browser (approver sign-in required, single use, expires ${approval.expiresAt}): ${link}`);
  return lines.join('\n');
}
