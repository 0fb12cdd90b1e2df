import { z } from 'zod';
import type { TicketNoteRead } from '../../src/model/psa.js';
import type { HaloClient } from './halo-client.js';

/** Action fields that say who wrote it and whether the end user sees it (swagger `Actions`). */
const HaloActionRead = z
  .object({
    id: z.number().int(),
    note: z.string().nullish(),
    hiddenfromuser: z.boolean().nullish(),
    who_type: z.number().int().nullish(),
    who_agentid: z.number().int().nullish(),
    datetime: z.string().nullish(),
  })
  .loose();
const HaloActionReadList = z.object({ actions: z.array(HaloActionRead) }).loose();

/** Halo datetimes carry no offset and are UTC. */
const parseUtc = (s: string) => Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`);

/**
 * GET /api/Actions?ticket_id=…&excludesys=true, kept from `since` on. An action with no agent
 * (`who_agentid` 0) logged by an end user (`who_type` 2) is the requester's; anything an agent
 * logged is staff (this app logs in as an agent too: its own notes are told apart by marker).
 */
export async function readHaloNotesSince(client: HaloClient, ticketId: number, since: string): Promise<TicketNoteRead[]> {
  const list = await client.request({ method: 'GET', path: '/Actions', operation: 'listNotes', query: { ticket_id: ticketId, excludesys: true }, schema: HaloActionReadList });
  const from = Date.parse(since);
  return list.actions
    .map((a) => ({ a, at: parseUtc(a.datetime ?? '') }))
    .filter(({ at }) => !Number.isNaN(at) && at >= from)
    .sort((x, y) => x.at - y.at)
    .map(({ a, at }): TicketNoteRead => ({
      id: String(a.id),
      text: a.note ?? '',
      createdAt: new Date(at).toISOString(),
      customerVisible: a.hiddenfromuser === false,
      author: !a.who_agentid && a.who_type === 2 ? 'contact' : 'staff',
    }));
}
