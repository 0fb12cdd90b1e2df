import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { AtTicket, ItemId, itemOf } from './api-schemas.js';
import type { PicklistCache } from './picklist-cache.js';
import { AUTOTASK_SYSTEM } from './zone-discovery.js';

/** Whether an error means "this database does not take PATCH on Tickets" rather than "bad value". */
export function patchRefused(err: unknown): boolean {
  if (!(err instanceof OutsideApiError) || err.status === null) return false;
  if (err.status === 405 || err.status === 501) return true;
  return err.status >= 400 && /does not support http method|patch.{0,40}not (supported|allowed)/i.test(err.message);
}

export interface StatusWriter {
  /** Set once PATCH was refused: later writes go straight to GET + PUT. */
  patchRefused: boolean;
}

/**
 * Moves a ticket to the status with this label. `PATCH /Tickets {id, status}` changes only the
 * status (one call; repeating it is harmless). Some databases refuse PATCH on Tickets (one tested
 * integration reports it: oskamp/backupchecks); then the ticket is read and written back whole
 * with `PUT /Tickets`, because PUT nulls every field it is not given.
 */
export async function setTicketStatus(o: { client: HttpClient; picklists: PicklistCache; writer: StatusWriter; ticketId: number; statusName: string; headers: Record<string, string> }): Promise<void> {
  const status = await o.picklists.byLabel('Tickets', 'status', o.statusName);
  if (!status) {
    const known = (await o.picklists.values('Tickets', 'status')).filter((p) => p.isActive !== false).map((p) => p.label);
    throw new OutsideApiError(AUTOTASK_SYSTEM, 'setStatus', null, `Autotask has no active ticket status named '${o.statusName}' (known: ${known.join(', ')})`, false);
  }
  const value = Number(status.value);
  if (!o.writer.patchRefused) {
    try {
      // PATCH /Tickets (Tickets_PatchEntity): only the supplied fields change.
      await o.client.request({ method: 'PATCH', path: '/Tickets', operation: 'setStatus', body: { id: o.ticketId, status: value }, headers: o.headers, idempotent: true, schema: ItemId });
      return;
    } catch (err) {
      if (!patchRefused(err)) throw err;
      o.writer.patchRefused = true;
    }
  }
  // GET /Tickets/{id} then PUT /Tickets (Tickets_UpdateEntity) with the whole record, its
  // writable fields only: read-only ones (createDate, lastActivityDate, ...) are never sent back.
  const { item } = await o.client.request({ method: 'GET', path: `/Tickets/${o.ticketId}`, operation: 'readTicketForPut', schema: itemOf(AtTicket) });
  if (!item) throw new OutsideApiError(AUTOTASK_SYSTEM, 'setStatus', 404, `ticket ${o.ticketId} does not exist or is not visible to the API user`, false);
  const writable = new Set((await o.picklists.fields('Tickets')).filter((f) => f.isReadOnly !== true).map((f) => f.name.toLowerCase()));
  const body = Object.fromEntries(Object.entries(item).filter(([k]) => k.toLowerCase() === 'id' || writable.has(k.toLowerCase())));
  await o.client.request({ method: 'PUT', path: '/Tickets', operation: 'setStatus', body: { ...body, status: value }, headers: o.headers, schema: ItemId });
}
