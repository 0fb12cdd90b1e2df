import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { NewTicketInput } from '../../src/model/psa.js';
import { summaryWithMarker } from '../connectwise/create-ticket.js';
import { AtTicket, ItemId, itemsOf } from './api-schemas.js';
import type { PicklistCache } from './picklist-cache.js';
import { AUTOTASK_SYSTEM } from './zone-discovery.js';

/** Ticket.title is at most 255 characters; description 8,000. */
const TITLE_MAX = 255;
const DESCRIPTION_MAX = 8_000;
const IdAndTitle = itemsOf(AtTicket.pick({ id: true, title: true }).loose());

function companyNumber(companyId: string, operation: string): number {
  if (!/^\d{1,10}$/.test(companyId)) throw new OutsideApiError(AUTOTASK_SYSTEM, operation, null, 'an Autotask company id is a positive integer', false);
  return Number(companyId);
}

/**
 * POST /Tickets (Tickets_CreateEntity). status and priority are required picklists: the
 * picklists' defaults (New, Medium) are used; queueID when the mapping names one.
 */
export async function createAtTicket(client: HttpClient, picklists: PicklistCache, headers: Record<string, string>, input: NewTicketInput): Promise<{ id: string }> {
  const companyID = companyNumber(input.companyId, 'createTicket');
  const [status, priority] = await Promise.all([picklists.defaultOf('Tickets', 'status'), picklists.defaultOf('Tickets', 'priority')]);
  if (!status || !priority) throw new OutsideApiError(AUTOTASK_SYSTEM, 'createTicket', null, 'Autotask lists no default ticket status or priority', false);
  const body: Record<string, unknown> = {
    companyID,
    title: summaryWithMarker(input.summary, input.marker, TITLE_MAX),
    description: input.description.slice(0, DESCRIPTION_MAX),
    status: Number(status.value),
    priority: Number(priority.value),
  };
  if (input.boardId) body.queueID = Number(input.boardId);
  const created = await client.request({ method: 'POST', path: '/Tickets', operation: 'createTicket', body, headers, schema: ItemId });
  return { id: String(created.itemId) };
}

/** POST /Tickets/query: the company's ticket whose title contains the marker. */
export async function findAtTicketByMarker(client: HttpClient, companyId: string, marker: string): Promise<{ id: string } | null> {
  const companyID = companyNumber(companyId, 'findTicketByMarker');
  const found = await client.request({
    method: 'POST',
    path: '/Tickets/query',
    operation: 'findTicketByMarker',
    body: { filter: [{ op: 'eq', field: 'companyID', value: companyID }, { op: 'contains', field: 'title', value: marker }], includeFields: ['id', 'title'], maxRecords: 5 },
    idempotent: true,
    schema: IdAndTitle,
  });
  const hit = found.items.find((t) => (t.title ?? '').includes(marker));
  return hit ? { id: String(hit.id) } : null;
}
