import type { AppConfig } from '../config/schema.js';
import { classify } from '../engine/classify.js';
import { effectivePolicy } from '../engine/policy.js';
import type { EscalationReason } from '../model/run.js';
import type { Ticket } from '../model/ticket.js';
import { riskNeedsApproval, type RemediationDefinition } from '../remediation/define.js';
import { triage } from '../triage/index.js';
import { APPROVAL_REVIEW_MINUTES, manualMinutes, type ManualEstimates } from './estimates.js';

export type BacktestOutcome = 'would_automate' | 'would_ask_approval' | 'would_escalate' | 'left_in_queue';

export interface TicketVerdict {
  ticketId: string;
  summary: string;
  /** The PSA's last-modified time (what the report's chart buckets by). */
  at: string | null;
  closed: boolean;
  clientId: string | null;
  /** What the triage recognised, whether or not a remediation for it is registered. */
  kind: string | null;
  remediationId: string | null;
  confidence: number;
  outcome: BacktestOutcome;
  reason: EscalationReason | 'approval' | null;
  detail: string;
  /** Technician minutes the automation would have saved (0 unless automated or approved). */
  minutesSaved: number;
  /** Minutes the automation's time entry books on the ticket. */
  timeEntryMinutes: number;
}

/**
 * The decide step on a historical ticket, with nothing read from a tenant: the mailbox or
 * account as it is today says nothing about it then. Client mapping, classification, policy
 * (enabled, confidence threshold), the remediation's needs, the contact's domain and the risk
 * class are all known from the ticket and config; plan-specific approvals (a quota above the
 * client's ceiling) are not, and are reported as automated.
 */
export function decideHistorical(
  config: AppConfig,
  remediations: readonly RemediationDefinition<never, never>[],
  installationId: string,
  ticket: Ticket,
  estimates: ManualEstimates = {},
): TicketVerdict {
  const tri = triage({ summary: ticket.summary, description: ticket.description, contactEmail: ticket.contactEmail, source: ticket.psa });
  const base = { ticketId: ticket.id, summary: ticket.summary, at: ticket.updatedAt ?? null, closed: ticket.closed, kind: tri.remediation, minutesSaved: 0, timeEntryMinutes: 0 };
  const client = config.clients.find((c) => c.psa.some((m) => m.installationId === installationId && m.companyIds.includes(ticket.companyId)));
  if (!client) return { ...base, clientId: null, remediationId: null, confidence: 0, outcome: 'left_in_queue', reason: 'unknown_client', detail: `PSA company ${ticket.companyId}${ticket.companyName ? ` (${ticket.companyName})` : ''} is not mapped to a client` };
  const c = classify(ticket, remediations);
  const remediation = c.remediationId ? remediations.find((r) => r.id === c.remediationId) : undefined;
  const withClient = { ...base, clientId: client.id, remediationId: c.remediationId, confidence: c.confidence };
  if (!remediation) {
    const hint = tri.remediation ? `the triage sees ${tri.remediation} (${tri.confidence.toFixed(2)}), which no registered remediation automates` : 'no automated remediation applies';
    return { ...withClient, outcome: 'left_in_queue', reason: 'no_match', detail: hint };
  }
  const escalate = (reason: EscalationReason, detail: string): TicketVerdict => ({ ...withClient, outcome: 'would_escalate', reason, detail });
  const policy = effectivePolicy(config, client, remediation);
  if (!policy.enabled) return escalate('remediation_disabled', `${remediation.id} is disabled for ${client.id}`);
  if (c.confidence < policy.confidenceThreshold) return escalate('low_confidence', `confidence ${c.confidence.toFixed(2)} < ${policy.confidenceThreshold} (${c.reasons.join('; ')})`);
  if (remediation.needs.includes('m365')) {
    if (!client.m365) return escalate('out_of_scope', `client '${client.id}' has no Microsoft 365 tenant configured`);
    const domain = ticket.contactEmail?.split('@').pop()?.toLowerCase();
    if (domain && !client.m365.domains.map((d) => d.toLowerCase()).includes(domain)) return escalate('target_not_in_client', `the contact ${ticket.contactEmail} is not in a verified domain of ${client.id}`);
  }
  const manual = manualMinutes(remediation.id, estimates);
  const booked = { timeEntryMinutes: remediation.timeEntryMinutes };
  if (riskNeedsApproval(remediation.riskClass)) {
    return { ...withClient, ...booked, outcome: 'would_ask_approval', reason: 'approval', detail: `risk class '${remediation.riskClass}' always needs approval`, minutesSaved: Math.max(0, manual - APPROVAL_REVIEW_MINUTES) };
  }
  return { ...withClient, ...booked, outcome: 'would_automate', reason: null, detail: c.reasons.join('; '), minutesSaved: manual };
}
