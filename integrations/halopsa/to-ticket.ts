import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { Ticket } from '../../src/model/ticket.js';
import type { HaloTicket } from './api-schemas.js';
import { HALO_SYSTEM } from './halo-client.js';

/** Halo returns UTC datetimes without an offset; make them unambiguous ISO 8601. */
export function haloDateToIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

const stripHtml = (html: string) => html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '').trim();

/**
 * Maps a re-read Halo ticket (`Faults`) to the shared model. The contact email comes from the
 * end user's record (GET /api/Users/{id}), not from text on the ticket.
 */
export function toTicket(halo: HaloTicket, contact: { email?: string; name?: string }, statusName: string | undefined): Ticket {
  if (!halo.client_id || halo.client_id <= 0) throw new OutsideApiError(HALO_SYSTEM, 'getTicket', null, `ticket ${halo.id} has no client`, false);
  return Ticket.parse({
    psa: 'halopsa',
    id: String(halo.id),
    summary: halo.summary ?? '',
    description: halo.details ?? (halo.details_html ? stripHtml(halo.details_html) : ''),
    companyId: String(halo.client_id),
    companyName: halo.client_name ?? undefined,
    contactEmail: contact.email || undefined,
    contactName: contact.name || halo.user_name || undefined,
    statusName: halo.status_name ?? statusName,
    boardId: halo.tickettype_id ? String(halo.tickettype_id) : undefined,
    closed: halo.hasbeenclosed ?? false,
    updatedAt: haloDateToIso(halo.last_update),
  });
}
