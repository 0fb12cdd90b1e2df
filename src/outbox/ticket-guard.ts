import type { PsaAdapter } from '../model/psa.js';
import type { OutboxItem } from '../store/store.js';
import { GUARD_KEY, TicketGuard } from './payload.js';

export type GuardResult = { ok: true } | { ok: false; reason: string };

/**
 * Re-reads the ticket (through the PSA adapter) right before a delivery: a ticket id reused by
 * the PSA (a restored sandbox, a merged ticket) must not receive another client's write-back.
 * Items queued without a guard (no client mapping, older items) carry no expectation to check.
 */
export async function checkTicket(psa: PsaAdapter, item: OutboxItem): Promise<GuardResult> {
  const parsed = TicketGuard.safeParse(item.payload[GUARD_KEY]);
  if (!parsed.success) {
    // A note with a secret is never delivered without an expectation to check it against.
    return item.payload.sealed === undefined ? { ok: true } : { ok: false, reason: 'the sealed note has no ticket guard' };
  }
  const guard = parsed.data;
  const ticket = await psa.getTicket(item.ticketId);
  if (!guard.companyIds.includes(ticket.companyId)) {
    return { ok: false, reason: `ticket ${item.ticketId} now belongs to company ${ticket.companyId}, not one of the run's client's companies (${guard.companyIds.join(', ')})` };
  }
  if (guard.companyId && guard.companyId !== ticket.companyId) {
    return { ok: false, reason: `ticket ${item.ticketId} now belongs to company ${ticket.companyId}, not ${guard.companyId} as when the change was made` };
  }
  if (guard.contactEmail && (ticket.contactEmail ?? '').trim().toLowerCase() !== guard.contactEmail.toLowerCase()) {
    return { ok: false, reason: `ticket ${item.ticketId}'s contact is no longer the person this note is addressed to` };
  }
  return { ok: true };
}
