import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { NewTicketInput } from '../../src/model/psa.js';
import { z } from 'zod';
import { CwTicket } from './api-schemas.js';
import { CONNECTWISE_SYSTEM } from './connectwise-client.js';

const CwTickets = z.array(CwTicket);

/** ConnectWise ticket summaries are at most 100 characters. */
const SUMMARY_MAX = 100;

/** The summary with the marker at its end, the text (never the marker) cut to fit. */
export function summaryWithMarker(summary: string, marker: string, max: number): string {
  const suffix = ` ${marker}`;
  const room = Math.max(0, max - suffix.length);
  const text = summary.replace(/\s+/g, ' ').trim();
  return `${text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text}${suffix}`;
}

function companyNumber(companyId: string, operation: string): number {
  if (!/^\d{1,10}$/.test(companyId)) throw new OutsideApiError(CONNECTWISE_SYSTEM, operation, null, 'a ConnectWise company id is a positive integer', false);
  return Number(companyId);
}

/**
 * POST /service/tickets: the description lands as the first detail note (initialDescription).
 * Not idempotent: after an ambiguous failure the caller looks for the marker first.
 */
export async function createCwTicket(client: HttpClient, input: NewTicketInput): Promise<{ id: string }> {
  const company = companyNumber(input.companyId, 'createTicket');
  const body: Record<string, unknown> = {
    summary: summaryWithMarker(input.summary, input.marker, SUMMARY_MAX),
    company: { id: company },
    initialDescription: input.description,
  };
  if (input.boardId) body.board = { id: Number(input.boardId) };
  if (input.contactEmail) body.contactEmailAddress = input.contactEmail;
  const created = await client.request({ method: 'POST', path: '/service/tickets', operation: 'createTicket', body, schema: CwTicket });
  return { id: String(created.id) };
}

/** GET /service/tickets?conditions=company/id=N and summary contains "marker" */
export async function findCwTicketByMarker(client: HttpClient, companyId: string, marker: string): Promise<{ id: string } | null> {
  const company = companyNumber(companyId, 'findTicketByMarker');
  if (!/^[\w:.[\]-]+$/.test(marker)) throw new OutsideApiError(CONNECTWISE_SYSTEM, 'findTicketByMarker', null, 'a ticket marker is letters, digits and - _ : . [ ] only', false);
  const found = await client.request({
    method: 'GET',
    path: '/service/tickets',
    operation: 'findTicketByMarker',
    query: { conditions: `company/id=${company} and summary contains "${marker}"`, orderBy: 'id asc', pageSize: 1},
    schema: CwTickets,
  });
  const hit = found.find((t) => t.summary.includes(marker));
  return hit ? { id: String(hit.id) } : null;
}
