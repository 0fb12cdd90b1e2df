import type { Classification, EscalationReason, Run } from '../model/run.js';
import type { Plan } from '../model/plan.js';
import type { AppConfig } from '../config/schema.js';

/**
 * The internal (technician) note texts: what was found, the calls, the evidence, a link to the
 * run in the console and the marker. They never carry a secret (plans hold no tokens, and no
 * remediation puts a password in a plan). What the customer reads is built in src/notes.
 */
export const markerFor = (runId: string, purpose: string): string => `[ticketfix:${runId}:${purpose}]`;

/** The run's page in the web console (its hash router: #/runs/<id>). */
export const runLink = (config: Pick<AppConfig, 'publicUrl'>, runId: string): string =>
  `${config.publicUrl.replace(/\/+$/, '')}/console/#/runs/${encodeURIComponent(runId)}`;

const auditLine = (config: Pick<AppConfig, 'publicUrl'>, run: Run) => `Audit: ${runLink(config, run.id)} (run ${run.id}).`;

const REASON_TEXT: Record<EscalationReason, string> = {
  unknown_client: 'the ticket company is not mapped to a client in the automation config',
  no_match: 'no automated remediation matches this ticket',
  low_confidence: 'the classification confidence is below the client threshold',
  out_of_scope: 'the request is outside what the automation may do',
  remediation_disabled: 'this remediation is disabled for this client',
  target_not_in_client: "the user or device named does not belong to this client's tenant",
  blast_radius: 'the change would touch more targets than policy allows',
  rate_limited: 'the rate limit for automated changes was reached',
  kill_switch: 'the automation kill switch is engaged',
  approval_denied: 'the approval was denied',
  approval_expired: 'the approval request expired',
  plan_changed: 'the situation changed after approval was requested',
  validation_failed: 'the change did not validate',
  api_error: 'an outside system returned an error',
  ticket_unreadable: 'the ticket could not be read back from the PSA',
  recurring: 'the same problem keeps coming back on the same device; restarting again would hide it',
};

export const describeReason = (reason: EscalationReason): string => REASON_TEXT[reason];

function describeClassification(c: Classification | null): string {
  if (!c) return 'Classification: not reached.';
  const what = c.remediationId ?? 'none';
  return `Classification: ${what} (confidence ${c.confidence.toFixed(2)}). Reasons: ${c.reasons.join('; ') || 'none'}.`;
}

function describePlan(plan: Plan | null): string {
  if (!plan) return 'Plan: none.';
  const calls = plan.calls.map((c) => `  - ${c.method} ${c.url}: ${c.summary}`).join('\n');
  return `Plan: ${plan.summary}\nTargets: ${plan.targets.map((t) => `${t.type} ${t.id}`).join(', ')}\nCalls:\n${calls}`;
}

export function escalationNote(config: Pick<AppConfig, 'publicUrl'>, run: Run, reason: EscalationReason, detail: string, attempted: string[]): string {
  return [
    `Automation escalated this ticket to a technician: ${describeReason(reason)}.`,
    `Detail: ${detail}`,
    describeClassification(run.classification),
    describePlan(run.plan),
    attempted.length > 0 ? `What was attempted:\n${attempted.map((a) => `  - ${a}`).join('\n')}` : 'Nothing was changed.',
    auditLine(config, run),
    markerFor(run.id, 'escalation'),
  ].join('\n');
}

export function approvalNote(config: Pick<AppConfig, 'publicUrl'>, run: Run, plan: Plan, approvalId: string, reason: string, expiresAt: string): string {
  return [
    `Automation is waiting for approval before changing anything: ${reason}.`,
    describePlan(plan),
    `Approval id: ${approvalId} (expires ${expiresAt}). Approve or deny with: ticketfix approvals approve ${approvalId} | ticketfix approvals deny ${approvalId}`,
    auditLine(config, run),
    markerFor(run.id, `approval-${approvalId}`),
  ].join('\n');
}

export function duplicateNote(config: Pick<AppConfig, 'publicUrl'>, run: Run, heldBy: string, until: string): string {
  return [
    `Automation saw this request again while it is already handled by run ${heldBy} (in progress or recently resolved, until ${until}). No action was taken.`,
    auditLine(config, run),
    markerFor(run.id, 'duplicate'),
  ].join('\n');
}

/** The technicians' note of a resolved run: the remediation's account, the calls, the evidence, the run link, the marker. */
export function resolutionInternalNote(config: Pick<AppConfig, 'publicUrl'>, run: Run, body: string, validation: string, at: string): string {
  const calls = (run.plan?.calls ?? []).map((c) => `  - ${c.method} ${c.url}: ${c.summary}`).join('\n');
  return [
    `Resolved automatically at ${at}. The customer was sent a separate plain-language note.`,
    body,
    `Validation: ${validation}`,
    describeClassification(run.classification),
    calls ? `Calls made:\n${calls}` : 'Calls made: none.',
    auditLine(config, run),
    markerFor(run.id, 'resolution'),
  ].join('\n');
}
