import { HttpResponse, type HttpHandler } from 'msw';
import { listResponse } from './list-query.js';
import { idParam, readJson, type Router } from './route.js';
import { findTicket, type createTicketModel } from './ticket-model.js';
import type { createNoteModel } from './note-model.js';
import type { ConnectWiseState } from './seed-state.js';

interface Models {
  tickets: ReturnType<typeof createTicketModel>;
  notes: ReturnType<typeof createNoteModel>;
}

/** Service tickets, their notes and their time-entry references. */
export function ticketRoutes(router: Router, state: ConnectWiseState, models: Models): HttpHandler[] {
  const { route, base } = router;
  return [
    route('get', '/service/tickets', ({ request }) => listResponse(request, state.tickets)),
    route('post', '/service/tickets', async ({ request, actor }) => HttpResponse.json(models.tickets.create(await readJson(request), actor), { status: 201 })),
    route('get', '/service/tickets/:id', ({ params }) => HttpResponse.json(findTicket(state, idParam(params)))),
    route('patch', '/service/tickets/:id', async ({ request, params, actor }) => HttpResponse.json(models.tickets.patch(idParam(params), await readJson(request), actor))),
    route('put', '/service/tickets/:id', async ({ request, params, actor }) => HttpResponse.json(models.tickets.put(idParam(params), await readJson(request), actor))),
    route('get', '/service/tickets/:parentId/notes', ({ request, params }) => {
      const ticket = findTicket(state, idParam(params, 'parentId'));
      return listResponse(request, state.notes.filter((n) => n.ticketId === ticket.id));
    }),
    route('post', '/service/tickets/:parentId/notes', async ({ request, params, actor }) =>
      HttpResponse.json(models.notes.add(idParam(params, 'parentId'), await readJson(request), actor), { status: 201 }),
    ),
    route('get', '/service/tickets/:parentId/timeentries', ({ request, params }) => {
      const ticket = findTicket(state, idParam(params, 'parentId'));
      const refs = state.timeEntries
        .filter((e) => e.chargeToType === 'ServiceTicket' && e.chargeToId === ticket.id)
        .map((e) => ({ id: e.id, _info: { timeEntry_href: `${base}/time/entries/${e.id}` } }));
      return listResponse(request, refs);
    }),
  ];
}
