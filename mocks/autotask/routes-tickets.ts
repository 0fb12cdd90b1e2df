import { HttpResponse, type HttpHandler } from 'msw';
import { atError } from './at-errors.js';
import type { NoteModel } from './note-model.js';
import { queryRoutes } from './query-routes.js';
import { entityInformation, itemIdResponse, itemResponse, listResponse } from './responses.js';
import { idParam, readJson, type Router } from './route.js';
import type { AutotaskState } from './seed-state.js';
import { findTicket, type TicketModel } from './ticket-model.js';

export interface TicketRouteOptions {
  /**
   * 'refuse' answers PATCH /Tickets with 405, as one tested integration reports for some
   * databases (oskamp/backupchecks autotask_rest_api.md), so clients must fall back to GET + PUT.
   */
  ticketPatch?: 'accept' | 'refuse';
}

/** Tickets, their notes (child route) and the TicketNotes root (query-only). */
export function ticketRoutes(router: Router, state: AutotaskState, models: { tickets: TicketModel; notes: NoteModel }, o: TicketRouteOptions = {}): HttpHandler[] {
  const { route } = router;
  const names = () => state.fields.tickets.map((f) => f.name);
  return [
    ...queryRoutes(router, { name: 'Tickets', label: 'Ticket', endpoint: 'Tickets', rows: () => state.tickets, fieldNames: names }),
    route({ method: 'get', path: '/Tickets/entityInformation/fields', endpoint: 'Tickets', resolve: () => HttpResponse.json({ fields: state.fields.tickets }) }),
    route({ method: 'get', path: '/Tickets/entityInformation', endpoint: 'Tickets', resolve: () => entityInformation({ name: 'Ticket', canCreate: true, canDelete: false, canQuery: true, canUpdate: true }) }),
    route({ method: 'post', path: '/Tickets', endpoint: 'Tickets', resolve: async ({ request, actor }) => itemIdResponse(models.tickets.create(await readJson(request), actor).id) }),
    route({
      method: 'patch',
      path: '/Tickets',
      endpoint: 'Tickets',
      resolve: async ({ request, actor }) => {
        if (o.ticketPatch === 'refuse') return atError(405, ["The requested resource does not support http method 'PATCH'."]);
        return itemIdResponse(models.tickets.patch(await readJson(request), actor).id);
      },
    }),
    route({ method: 'put', path: '/Tickets', endpoint: 'Tickets', resolve: async ({ request, actor }) => itemIdResponse(models.tickets.put(await readJson(request), actor).id) }),
    route({ method: 'get', path: '/Tickets/{id}', endpoint: 'Tickets', resolve: ({ params }) => itemResponse(findTicket(state, idParam(params))) }),
    route({
      method: 'get',
      path: '/Tickets/{parentId}/Notes',
      endpoint: 'TicketNotes',
      resolve: ({ params }) => {
        const parentId = idParam(params, 'parentId');
        return listResponse(state.notes.filter((n) => n.ticketID === parentId));
      },
    }),
    route({
      method: 'post',
      path: '/Tickets/{parentId}/Notes',
      endpoint: 'TicketNotes',
      resolve: async ({ request, params, actor }) => itemIdResponse(models.notes.add(idParam(params, 'parentId'), await readJson(request), actor).id),
    }),
    route({
      method: 'get',
      path: '/Tickets/{parentId}/Notes/{id}',
      endpoint: 'TicketNotes',
      resolve: ({ params }) => {
        const parentId = idParam(params, 'parentId');
        const id = idParam(params);
        return itemResponse(state.notes.find((n) => n.ticketID === parentId && n.id === id));
      },
    }),
    ...queryRoutes(router, { name: 'TicketNotes', label: 'TicketNote', endpoint: 'TicketNotes', rows: () => state.notes, fieldNames: () => state.fields.ticketNotes.map((f) => f.name) }),
    route({ method: 'get', path: '/TicketNotes/entityInformation/fields', endpoint: 'TicketNotes', resolve: () => HttpResponse.json({ fields: state.fields.ticketNotes }) }),
    route({ method: 'get', path: '/TicketNotes/{id}', endpoint: 'TicketNotes', resolve: ({ params }) => itemResponse(state.notes.find((n) => n.id === idParam(params))) }),
  ];
}
