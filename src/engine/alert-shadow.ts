import type { RmmAlert, RmmDevice } from '../model/rmm.js';
import type { Run } from '../model/run.js';
import { Ticket } from '../model/ticket.js';
import type { PsaSystem } from '../model/signal.js';
import type { EngineDeps } from './deps.js';
import type { AlertTicketRoute } from './alert-routing.js';
import { alertMarker, describeAlert } from './alert-ticket.js';
import type { RunMemory } from './run-context.js';

/**
 * Shadow mode for alerts: no PSA ticket is opened. The run works on a synthetic ticket that is
 * kept in the store only (its id carries this prefix, so no PSA call is ever made with it) and
 * the ticket that would have been opened is recorded in the run's audit trail.
 */
const PREFIX = 'shadow-alert-';
const kvKey = (ticketId: string) => `shadow-ticket:${ticketId}`;
/** Longer than any run lives; the record is only what the run reads instead of the PSA. */
const TTL_MS = 30 * 24 * 3600_000;

export const isShadowTicketId = (ticketId: string): boolean => ticketId.startsWith(PREFIX);

/** What the PSA create would have sent: recorded, never sent. */
export interface WouldOpenTicket {
  psaInstallationId: string;
  companyId: string;
  summary: string;
  description: string;
  marker: string;
  boardId?: string;
}

/** Builds and stores the synthetic ticket for one alert occurrence (idempotent per occurrence). */
export async function shadowAlertTicket(deps: EngineDeps, psa: PsaSystem, rmmInstallationId: string, occurrence: string, route: AlertTicketRoute, alert: RmmAlert, device: RmmDevice | null): Promise<{ ticketId: string; wouldOpen: WouldOpenTicket }> {
  const marker = alertMarker(rmmInstallationId, occurrence);
  const text = describeAlert(alert, device);
  const ticketId = `${PREFIX}${marker.slice('[tfx-a-'.length, -1)}`;
  const wouldOpen: WouldOpenTicket = { psaInstallationId: route.psaInstallationId, companyId: route.companyId, summary: `${text.summary} ${marker}`, description: text.description, marker, ...(route.boardId ? { boardId: route.boardId } : {}) };
  const ticket: Ticket = { psa, id: ticketId, summary: wouldOpen.summary, description: text.description, companyId: route.companyId, statusName: 'New (shadow: never opened)', closed: false, ...(route.boardId ? { boardId: route.boardId } : {}) };
  await deps.store.setKv(kvKey(ticketId), ticket, TTL_MS);
  return { ticketId, wouldOpen };
}

/** The run's ticket: the synthetic one for a shadow alert run, else read from the PSA. */
export async function readRunTicket(deps: EngineDeps, run: Run): Promise<Ticket> {
  if (!isShadowTicketId(run.ticketId)) return deps.psa(run.installationId).getTicket(run.ticketId);
  const stored = Ticket.safeParse(await deps.store.getKv<unknown>(kvKey(run.ticketId)));
  if (!stored.success) throw new Error(`the shadow ticket ${run.ticketId} of run ${run.id} is no longer in the store`);
  return stored.data;
}

/** run-context's ticketFor, aware of shadow alert runs (within one pass the first read is reused). */
export async function ticketFor(deps: EngineDeps, run: Run, mem: RunMemory): Promise<Ticket> {
  if (!mem.ticket) mem.ticket = await readRunTicket(deps, run);
  return mem.ticket;
}
