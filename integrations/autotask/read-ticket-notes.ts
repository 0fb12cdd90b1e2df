import { z } from 'zod';
import type { HttpClient } from '../../src/http/http-client.js';
import type { TicketNoteRead } from '../../src/model/psa.js';
import { itemsOf } from './api-schemas.js';
import type { AutotaskInstallation } from './installation-schema.js';
import type { PicklistCache } from './picklist-cache.js';

/** TicketNote fields that say who wrote a note and who sees it (REST TicketNotesEntity). */
const AtNoteRead = z
  .object({
    id: z.number().int(),
    description: z.string().nullish(),
    publish: z.number().int().nullish(),
    createDateTime: z.string().nullish(),
    creatorResourceID: z.number().int().nullish(),
    impersonatorCreatorResourceID: z.number().int().nullish(),
    createdByContactID: z.number().int().nullish(),
  })
  .loose();

/**
 * POST /TicketNotes/query (the root is query-only) for the ticket's notes created at or after
 * `since`. A note with `createdByContactID` is the contact's (portal, email); `publish` is
 * customer-visible when it is the configured customer label, resolved from the picklist.
 */
export async function readAtNotesSince(client: HttpClient, picklists: PicklistCache, at: AutotaskInstallation['autotask'], ticketId: number, since: string): Promise<TicketNoteRead[]> {
  const body = { filter: [{ op: 'eq', field: 'ticketID', value: ticketId }, { op: 'gte', field: 'createDateTime', value: since }], maxRecords: 500 };
  const [list, customer] = await Promise.all([
    client.request({ method: 'POST', path: '/TicketNotes/query', operation: 'listNotes', body, idempotent: true, schema: itemsOf(AtNoteRead) }),
    picklists.byLabel('TicketNotes', 'publish', at.notePublish.customer),
  ]);
  return list.items
    .map((n): TicketNoteRead => {
      const author = n.createdByContactID ? 'contact' : n.impersonatorCreatorResourceID && n.creatorResourceID === at.impersonationResourceId ? 'app' : 'staff';
      const createdAt = new Date(Date.parse(n.createDateTime ?? '') || 0).toISOString();
      return { id: String(n.id), text: n.description ?? '', createdAt, customerVisible: customer !== undefined && customer !== null && Number(customer.value) === n.publish, author };
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
