import { z } from 'zod';
import type { HttpClient } from '../../src/http/http-client.js';
import type { ChangedTicket } from '../psa-integration.js';
import { CW_MAX_PAGE_SIZE } from './api-schemas.js';

const ChangedRow = z.object({ id: z.number().int(), _info: z.object({ lastUpdated: z.string() }).loose() }).loose();

/** Tickets updated after `since` (GET /service/tickets with a lastUpdated condition), oldest first. */
export async function listChangedTickets(client: HttpClient, since: Date, maxPages = 20): Promise<ChangedTicket[]> {
  const out: ChangedTicket[] = [];
  const stamp = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let page = 1; page <= maxPages; page++) {
    const rows = await client.request({
      method: 'GET',
      path: '/service/tickets',
      operation: 'listChangedTickets',
      query: { conditions: `lastUpdated > [${stamp}]`, fields: 'id,_info', orderBy: 'id asc', page, pageSize: CW_MAX_PAGE_SIZE },
      schema: z.array(ChangedRow),
    });
    out.push(...rows.map((r) => ({ ticketId: String(r.id), updatedAt: r._info.lastUpdated })));
    if (rows.length < CW_MAX_PAGE_SIZE) break;
  }
  return out;
}
