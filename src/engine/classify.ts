import type { Classification } from '../model/run.js';
import type { Ticket } from '../model/ticket.js';
import type { RemediationDefinition } from '../remediation/define.js';
import { clamp } from '../triage/extract.js';
import { normalise } from '../triage/normalise.js';
import { candidates, decide, type Candidate } from '../triage/triage.js';
import type { RemediationId } from '../triage/types.js';

/**
 * Classifies with the triage: every catalogue remediation's rules are asked, registered or
 * not, so a ticket about one that is not automated here escalates with the classification
 * shown instead of passing as "not ours", and a second plausible remediation lowers the
 * confidence. A registered remediation answers with its own `match` (it knows how it picks
 * its target: mailbox-quota only ever acts on the PSA contact, so addresses in the text do
 * not weaken it); remediations outside the catalogue (tests, extensions) join the same way.
 * Params are candidates only: each remediation verifies its target against the client.
 */
export function classify(ticket: Ticket, remediations: readonly RemediationDefinition<never, never>[]): Classification {
  const n = normalise({ summary: ticket.summary, description: ticket.description, contactEmail: ticket.contactEmail, source: ticket.psa });
  const rules = candidates(n);
  const registered = new Set(remediations.map((r) => r.id));
  const cands: Candidate[] = rules.filter((c) => !registered.has(c.id));
  for (const r of remediations) {
    const m = r.match(ticket);
    if (m) cands.push({ ...m, id: r.id as RemediationId, confidence: clamp(m.confidence) });
  }
  cands.sort((a, b) => b.confidence - a.confidence);
  const d = decide(cands, n);
  return { remediationId: d.remediation, confidence: d.confidence, reasons: d.reasons, params: d.params };
}
