import { HaloTicketList } from './api-schemas.js';
import type { HaloClient } from './halo-client.js';
import { haloDateToIso } from './to-ticket.js';
import type { ChangedTicket } from '../psa-integration.js';

const PAGE_SIZE = 100; // the spec's maximum page_size

/**
 * Tickets whose last change is at or after `since`, oldest first: GET /api/Tickets with
 * `datesearch=lastupdate&startdate=…` (the spec's date-range filter; the column name for the
 * last change is assumed, and the rows are filtered again here in case Halo reads it
 * differently), paginated 100 at a time. The spec's `lastupdatefromdate` is typed boolean, so
 * it is not used.
 */
export async function listChangedTickets(client: HaloClient, since: Date, maxPages = 20): Promise<ChangedTicket[]> {
  const out: ChangedTicket[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const list = await client.request({
      method: 'GET',
      path: '/Tickets',
      operation: 'listChangedTickets',
      query: { datesearch: 'lastupdate', startdate: since.toISOString(), order: 'last_update', orderdesc: false, pageinate: true, page_size: PAGE_SIZE, page_no: page },
      schema: HaloTicketList,
    });
    for (const t of list.tickets) {
      const updatedAt = haloDateToIso(t.last_update);
      if (updatedAt && Date.parse(updatedAt) >= since.getTime()) out.push({ ticketId: String(t.id), updatedAt });
    }
    if (list.tickets.length < PAGE_SIZE) break;
  }
  return out.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}
