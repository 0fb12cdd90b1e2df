import { Ticket } from '../../src/model/ticket.js';
import type { CwTicket } from './api-schemas.js';

/**
 * Maps a re-read ConnectWise ticket to the shared model. `description` is the first discussion
 * note: CW stores `initialDescription` there and never returns it on the ticket.
 */
export function toTicket(cw: CwTicket, description: string): Ticket {
  const info = cw._info ?? {};
  return Ticket.parse({
    psa: 'connectwise',
    id: String(cw.id),
    summary: cw.summary,
    description,
    companyId: String(cw.company.id),
    companyName: cw.company.name ?? undefined,
    contactEmail: cw.contactEmailAddress || undefined,
    contactName: cw.contactName || cw.contact?.name || undefined,
    statusName: cw.status?.name ?? undefined,
    boardId: cw.board ? String(cw.board.id) : undefined,
    closed: cw.closedFlag ?? false,
    updatedAt: typeof info.lastUpdated === 'string' ? info.lastUpdated : undefined,
  });
}
