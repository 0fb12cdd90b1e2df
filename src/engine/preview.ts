import type { Ticket } from '../model/ticket.js';
import type { Classification, EscalationReason } from '../model/run.js';
import type { Plan } from '../model/plan.js';
import type { EngineDeps } from './deps.js';
import { classify } from './classify.js';
import { describeKillScope, engagedKillSwitch } from './gates.js';
import { makePlan } from './plan-step.js';
import { approvalReasons } from './act-step.js';
import { buildScope, findClient, findRemediation } from './run-context.js';

export interface Preview {
  ticketId: string;
  clientId: string | null;
  classification: Classification | null;
  outcome: 'would_act' | 'would_ask_approval' | 'would_escalate';
  reason?: EscalationReason;
  detail?: string;
  plan?: Plan;
  approvalReasons?: string[];
  killSwitch?: string;
  /** The client or remediation is in shadow mode: the live loop would only record this. */
  shadow?: boolean;
}

/**
 * The decide step with every write removed: what the loop would do with this ticket right now.
 * Reads the PSA and the tenant (read-only calls only); writes nothing anywhere.
 */
export async function previewTicket(deps: EngineDeps, installationId: string, ticket: Ticket): Promise<Preview> {
  const base = { ticketId: ticket.id, clientId: null, classification: null };
  const client = findClient(deps, installationId, ticket.companyId);
  if (!client) return { ...base, outcome: 'would_escalate', reason: 'unknown_client', detail: `PSA company ${ticket.companyId} is not mapped to a client` };
  const classification = classify(ticket, deps.remediations);
  const withClass = { ...base, clientId: client.id, classification };
  const remediation = classification.remediationId ? findRemediation(deps, classification.remediationId) : undefined;
  // As the live decide step: a ticket the triage reads as a catalogue remediation that is not registered here is escalated as such.
  if (!remediation && classification.remediationId) {
    return { ...withClass, outcome: 'would_escalate', reason: 'remediation_disabled', detail: `the ticket reads as ${classification.remediationId}, which is not automated here` };
  }
  if (!remediation) return { ...withClass, outcome: 'would_escalate', reason: 'no_match', detail: 'no automated remediation applies' };
  const scope = buildScope(deps, client, remediation, ticket);
  if (!scope.policy.enabled) return { ...withClass, outcome: 'would_escalate', reason: 'remediation_disabled', detail: `${remediation.id} is disabled for ${client.id}` };
  if (classification.confidence < scope.policy.confidenceThreshold) return { ...withClass, outcome: 'would_escalate', reason: 'low_confidence', detail: `confidence ${classification.confidence.toFixed(2)} < ${scope.policy.confidenceThreshold}` };
  const planned = await makePlan(scope, { confidence: classification.confidence, reasons: classification.reasons, params: classification.params });
  if (!planned.ok) return { ...withClass, outcome: 'would_escalate', reason: planned.reason, detail: planned.detail };
  const plan = planned.plan;
  const kill = await engagedKillSwitch(deps.store, client.id, remediation.id);
  if (kill) return { ...withClass, plan, outcome: 'would_escalate', reason: 'kill_switch', killSwitch: describeKillScope(kill) };
  if (plan.targets.length > scope.policy.maxTargets && scope.policy.overMaxTargets === 'refuse') {
    return { ...withClass, plan, outcome: 'would_escalate', reason: 'blast_radius', detail: `${plan.targets.length} targets > ${scope.policy.maxTargets}` };
  }
  const reasons = approvalReasons(scope, plan);
  return { ...withClass, plan, approvalReasons: reasons, outcome: reasons.length > 0 ? 'would_ask_approval' : 'would_act', ...(scope.policy.shadow ? { shadow: true } : {}) };
}
