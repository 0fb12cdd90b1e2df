import { z } from 'zod';
import type { HttpClient } from '../../src/http/http-client.js';
import type { TicketNoteRead } from '../../src/model/psa.js';
import { CW_MAX_PAGE_SIZE, CwNote } from './api-schemas.js';

/** ServiceNote fields that say who wrote a note and whether the contact sees it (ai-connor model_service_note.go). */
const CwNoteRead = CwNote.extend({
  member: z.object({ id: z.number().int().nullish(), identifier: z.string().nullish() }).loose().nullish(),
  contact: z.object({ id: z.number().int().nullish() }).loose().nullish(),
  dateCreated: z.string().nullish(),
});
const CwNotesRead = z.array(CwNoteRead);

/**
 * GET /service/tickets/{id}/notes newest-first, a page at a time, until a note older than
 * `since`. A note with a contact and no member is the contact's (email connector, portal).
 */
export async function readCwNotesSince(client: HttpClient, ticketId: number, since: string, apiMember: string, maxPages: number): Promise<TicketNoteRead[]> {
  const from = Date.parse(since);
  const found: TicketNoteRead[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const query = { orderBy: 'id desc', page, pageSize: CW_MAX_PAGE_SIZE };
    const items = await client.request({ method: 'GET', path: `/service/tickets/${ticketId}/notes`, operation: 'listNotes', query, schema: CwNotesRead });
    let older = false;
    for (const n of items) {
      const created = Date.parse(n.dateCreated ?? '');
      if (Number.isNaN(created) || created < from) {
        older = true;
        continue;
      }
      const byMember = n.member?.identifier ?? null;
      const author = byMember && byMember.toLowerCase() === apiMember.toLowerCase() ? 'app' : !byMember && n.contact?.id ? 'contact' : 'staff';
      const customerVisible = !n.internalAnalysisFlag && Boolean(n.detailDescriptionFlag || n.resolutionFlag);
      found.push({ id: String(n.id), text: n.text ?? '', createdAt: new Date(created).toISOString(), customerVisible, author });
    }
    if (older || items.length < CW_MAX_PAGE_SIZE) break;
  }
  return found.reverse();
}
