import { psaIntegrationFor } from '../../integrations/index.js';
import type { PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import type { Installation } from '../config/schema.js';
import type { Ticket } from '../model/ticket.js';
import type { Progress } from './progress.js';

export interface History {
  tickets: Ticket[];
  /** Tickets listed but not readable (deleted since, no permission): reported, not fatal. */
  unreadable: { ticketId: string; error: string }[];
}

/**
 * Historical tickets through the PSA's own read API: the reconcile's listing (ids changed since
 * `since`), then each ticket re-read as the loop would. Read-only: only list and get calls.
 */
export async function readHistory(install: Installation, since: Date, runtime: PsaRuntimeOptions, progress: (total: number) => Progress): Promise<History> {
  const integration = psaIntegrationFor(install);
  const listed = await integration.listChangedTickets(install, since, runtime);
  const adapter = integration.createAdapter(install, runtime);
  const bar = progress(listed.length);
  const tickets: Ticket[] = [];
  const unreadable: History['unreadable'] = [];
  for (const t of listed) {
    try {
      tickets.push(await adapter.getTicket(t.ticketId));
    } catch (err) {
      unreadable.push({ ticketId: t.ticketId, error: err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200) });
    }
    bar.tick();
  }
  bar.done();
  return { tickets, unreadable };
}
