import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { NewTicketInput } from '../../src/model/psa.js';
import { summaryWithMarker } from '../connectwise/create-ticket.js';
import { HaloTicket, HaloTicketList, oneOrFirst } from './api-schemas.js';
import { HALO_SYSTEM, type HaloClient } from './halo-client.js';

const SUMMARY_MAX = 250;
const CreatedTicket = oneOrFirst(HaloTicket);
/** Pages (of 100, newest first) read when looking for a marker: recent tickets are where it is. */
const MAX_PAGES = 5;

function clientNumber(companyId: string, operation: string): number {
  if (!/^\d{1,10}$/.test(companyId)) throw new OutsideApiError(HALO_SYSTEM, operation, null, 'a Halo client id is a positive integer', false);
  return Number(companyId);
}

/** POST /api/Tickets [ {summary, details, client_id} ]: Halo creates with an array body. Not idempotent. */
export async function createHaloTicket(client: HaloClient, input: NewTicketInput): Promise<{ id: string }> {
  const record: Record<string, unknown> = {
    summary: summaryWithMarker(input.summary, input.marker, SUMMARY_MAX),
    details: input.description,
    client_id: clientNumber(input.companyId, 'createTicket'),
  };
  if (input.boardId) record.team_id = Number(input.boardId);
  const created = await client.request({ method: 'POST', path: '/Tickets', operation: 'createTicket', body: [record], schema: CreatedTicket });
  return { id: String(created.id) };
}

/** GET /api/Tickets?client_id=N&search=marker, newest first; the summary is checked here (search is fuzzy). */
export async function findHaloTicketByMarker(client: HaloClient, companyId: string, marker: string): Promise<{ id: string } | null> {
  const clientId = clientNumber(companyId, 'findTicketByMarker');
  for (let page = 1; page <= MAX_PAGES; page++) {
    const list = await client.request({
      method: 'GET',
      path: '/Tickets',
      operation: 'findTicketByMarker',
      query: { client_id: clientId, search: marker, pageinate: true, page_size: 100, page_no: page, order: 'id', orderdesc: true },
      schema: HaloTicketList,
    });
    const hit = list.tickets.find((t) => (t.summary ?? '').includes(marker));
    if (hit) return { id: String(hit.id) };
    if (list.tickets.length < 100) return null;
  }
  return null;
}
