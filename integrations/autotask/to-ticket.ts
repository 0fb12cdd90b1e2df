import { Ticket } from '../../src/model/ticket.js';
import type { AtContact, AtTicket } from './api-schemas.js';

/** Autotask's system status "Complete". */
export const COMPLETE_STATUS = 5;

/**
 * Maps an Autotask ticket (re-read from the API) to the shared model. The queue plays the part
 * of ConnectWise's board; the contact's e-mail comes from the Contacts entity.
 */
export function toTicket(t: AtTicket, extra: { statusLabel?: string; contact?: AtContact | null; companyName?: string }): Ticket {
  const contactName = [extra.contact?.firstName, extra.contact?.lastName].filter(Boolean).join(' ');
  return Ticket.parse({
    psa: 'autotask',
    id: String(t.id),
    summary: t.title,
    description: t.description ?? '',
    companyId: String(t.companyID),
    companyName: extra.companyName,
    contactEmail: extra.contact?.emailAddress ?? undefined,
    contactName: contactName || undefined,
    statusName: extra.statusLabel,
    boardId: t.queueID === null || t.queueID === undefined ? undefined : String(t.queueID),
    closed: t.status === COMPLETE_STATUS || !!t.completedDate,
    updatedAt: t.lastActivityDate ?? undefined,
  });
}
