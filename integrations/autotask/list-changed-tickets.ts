import type { HttpClient } from '../../src/http/http-client.js';
import type { ChangedTicket } from '../psa-integration.js';
import { AT_MAX_RECORDS, itemsOf } from './api-schemas.js';
import { z } from 'zod';

const Changed = itemsOf(z.object({ id: z.number().int(), lastActivityDate: z.string().nullish() }).loose());

/**
 * Tickets with activity after `since`, for the reconcile job (Autotask drops a webhook event
 * after 5 attempts in about 2 minutes). Pages by id (`id gt last`) rather than following
 * `nextPageUrl`, which the published spec does not describe; results come back ordered by id.
 */
export async function listChangedTickets(client: HttpClient, since: Date, maxPages = 20): Promise<ChangedTicket[]> {
  const out: ChangedTicket[] = [];
  let after = 0;
  for (let page = 0; page < maxPages; page++) {
    // POST /Tickets/query (Tickets_Query)
    const found = await client.request({
      method: 'POST',
      path: '/Tickets/query',
      operation: 'listChangedTickets',
      body: {
        filter: [
          { op: 'gt', field: 'lastActivityDate', value: since.toISOString() },
          { op: 'gt', field: 'id', value: after },
        ],
        includeFields: ['id', 'lastActivityDate'],
        maxRecords: AT_MAX_RECORDS,
      },
      idempotent: true,
      schema: Changed,
    });
    for (const t of found.items) out.push({ ticketId: String(t.id), updatedAt: t.lastActivityDate ?? since.toISOString() });
    const last = found.items.at(-1);
    if (found.items.length < AT_MAX_RECORDS || !last) break;
    after = last.id;
  }
  return out;
}
