import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { HaloTicketList } from './api-schemas.js';
import type { HaloClient } from './halo-client.js';
import { haloDateToIso } from './to-ticket.js';
import type { ChangedTicket } from '../psa-integration.js';

const PAGE_SIZE = 100; // the spec's maximum page_size

type Row = { id: number; last_update?: string | null };

/**
 * Tickets whose last change is at or after `since`, oldest first. First asks GET /api/Tickets
 * with `datesearch=lastupdate&startdate=…`: faster, but that datesearch value is not in the
 * spec (its examples are 'dateoccured' and 'datecleared'). When Halo refuses it (4xx) or the
 * answer shows the filter was not applied (rows changed before `since`), it falls back to what
 * the spec documents: `order=last_update&orderdesc=true` (order takes a field name; last_update
 * is a Faults field), read newest first until a row older than `since`. Rows are always
 * filtered again here. The spec's `lastupdatefromdate` is typed boolean, so it is not used.
 */
export async function listChangedTickets(client: HaloClient, since: Date, maxPages = 20): Promise<ChangedTicket[]> {
  const changedSince = (rows: Row[]) => rows.flatMap((t) => {
    const updatedAt = haloDateToIso(t.last_update);
    return updatedAt && Date.parse(updatedAt) >= since.getTime() ? [{ ticketId: String(t.id), updatedAt }] : [];
  });
  const page = (query: Record<string, string | number | boolean>, page_no: number) =>
    client.request({ method: 'GET', path: '/Tickets', operation: 'listChangedTickets', query: { ...query, pageinate: true, page_size: PAGE_SIZE, page_no }, schema: HaloTicketList });

  const byDateSearch = await (async (): Promise<ChangedTicket[] | null> => {
    const out: ChangedTicket[] = [];
    for (let n = 1; n <= maxPages; n++) {
      let list;
      try {
        list = await page({ datesearch: 'lastupdate', startdate: since.toISOString(), order: 'last_update', orderdesc: false }, n);
      } catch (err) {
        if (err instanceof OutsideApiError && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429) return null;
        throw err;
      }
      const kept = changedSince(list.tickets);
      if (kept.length < list.tickets.length) return null; // the filter was not applied
      out.push(...kept);
      if (list.tickets.length < PAGE_SIZE) break;
    }
    return out;
  })();
  if (byDateSearch) return byDateSearch.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));

  const out: ChangedTicket[] = [];
  for (let n = 1; n <= maxPages; n++) {
    const list = await page({ order: 'last_update', orderdesc: true }, n);
    const kept = changedSince(list.tickets);
    out.push(...kept);
    // Newest first: once a row predates `since`, every later page does too.
    if (list.tickets.length < PAGE_SIZE || kept.length < list.tickets.length) break;
  }
  return out.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}
