import type { Classification } from '../model/run.js';
import type { Ticket } from '../model/ticket.js';
import type { RemediationDefinition } from '../remediation/define.js';

/** Asks every remediation's own matching rules and keeps the most confident answer. */
export function classify(ticket: Ticket, remediations: readonly RemediationDefinition<never, never>[]): Classification {
  let best: Classification = { remediationId: null, confidence: 0, reasons: ['no remediation matched the ticket'], params: {} };
  for (const r of remediations) {
    const m = r.match(ticket);
    if (m && m.confidence > best.confidence) best = { remediationId: r.id, confidence: m.confidence, reasons: m.reasons, params: m.params };
  }
  return best;
}
