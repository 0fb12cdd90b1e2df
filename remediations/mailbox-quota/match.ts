import type { MatchResult } from '../../src/remediation/define.js';
import type { Ticket } from '../../src/model/ticket.js';
import { clamp, targetUser } from '../../src/triage/extract.js';
import type { NormalisedTicket } from '../../src/triage/types.js';

// Phrases that say the mailbox itself is out of space. Ordered strongest first.
const STRONG = [
  /\bmailbox\b[^.\n]{0,40}\b(is |was |got |getting |almost |nearly )?(full|over (its |the )?(quota|limit|size limit))\b/i,
  /\bmailbox (quota|size limit|storage)\b/i,
  /\b(quota|storage)\b[^.\n]{0,30}\b(mailbox|outlook|e-?mail|inbox)\b[^.\n]{0,30}\b(full|exceeded|reached)\b/i,
  /\b(outlook|inbox|e-?mail)\b[^.\n]{0,30}\b(is |says it'?s |shows )?(full|out of (space|storage))\b/i,
  // de / nl / fr / es: "Postfach ist voll", "mailbox zit vol", "boîte aux lettres pleine", "buzón lleno".
  /\b(postfach|mailbox|postvak|posteingang)\b[^.\n]{0,30}\b(voll|vol)\b/i,
  /\bbo[iî]te (aux lettres|mail|de r[ée]ception|e-?mail)\b[^.\n]{0,30}\bpleine\b/i,
  /\bbuz[oó]n\b[^.\n]{0,30}\blleno\b/i,
];
const SUPPORTING = [/\bcan(no|')?t (send|receive)\b/i, /\b(storage|quota|space)\b/i, /\b(exceeded|reached|full)\b/i];
// Requests that share words but are not about quota: never act on them.
const NEGATIVE = [/\barchiv(e|ing)\b/i, /\bshared mailbox\b/i, /\b(create|new|delete|remove)\b[^.\n]{0,20}\bmailbox\b/i, /\bdistribution list\b/i, /\bcalendar\b/i, /\b(spam|junk|phishing)\b/i];

/** The mailbox-quota remediation's own matching rules. */
export function matchMailboxFull(ticket: Pick<Ticket, 'summary' | 'description' | 'contactEmail'>): MatchResult | null {
  const text = `${ticket.summary}\n${ticket.description}`;
  const strong = STRONG.filter((r) => r.test(text));
  const negatives = NEGATIVE.filter((r) => r.test(text));
  if (strong.length === 0) return null;
  const supporting = SUPPORTING.filter((r) => r.test(text)).length;
  const reasons = [`mentions a full mailbox (${strong.length} pattern${strong.length > 1 ? 's' : ''})`];
  let confidence = 0.85 + Math.min(0.1, supporting * 0.04);
  if (negatives.length > 0) {
    confidence -= 0.4;
    reasons.push(`also mentions something else (${negatives.map((n) => n.source.replace(/\\b/g, '')).join(', ')})`);
  }
  if (!ticket.contactEmail) {
    confidence -= 0.3;
    reasons.push('the ticket has no contact email');
  }
  return { confidence: Math.max(0, Math.min(1, confidence)), reasons, params: ticket.contactEmail ? { user: ticket.contactEmail } : {} };
}

/** The same rules on a normalised ticket; the user may be named by a technician writing for them. */
export function matchMailboxQuota(t: NormalisedTicket): MatchResult | null {
  const target = targetUser(t);
  // Addresses contain dots, which the phrase patterns treat as sentence ends.
  const text = t.text.replace(/[\w.%+-]+@[\w.-]+\.[a-z]{2,}/g, 'the user');
  const m = matchMailboxFull({ summary: text, description: '', contactEmail: target.user });
  if (!m) return null;
  return { confidence: clamp(m.confidence + target.adjust), reasons: [...m.reasons, target.reason], params: target.user ? { user: target.user } : {} };
}
