import { HttpResponse } from 'msw';
import type { ActionModel } from './action-model.js';
import { readRecords, upsertResponse } from './halo-errors.js';
import { listTickets } from './list-tickets.js';
import { boolQuery, idParam, intQuery, type RouteHandlers } from './route.js';
import type { HaloState } from './seed-state.js';
import { findTicket, type TicketModel } from './ticket-model.js';

type TicketRoutes = Pick<RouteHandlers, 'GET /Tickets' | 'POST /Tickets' | 'GET /Tickets/{id}' | 'GET /Actions' | 'POST /Actions'>;

/** Tickets (`Faults`) and their actions; writes are array upserts made as the token's agent. */
export function ticketRoutes(state: HaloState, models: { tickets: TicketModel; actions: ActionModel }): TicketRoutes {
  return {
    'GET /Tickets': ({ query }) => HttpResponse.json(listTickets(state, query)),
    'POST /Tickets': async ({ request, agentId }) => {
      const records = await readRecords(request);
      return upsertResponse(records.map((r) => models.tickets.upsert(r, { kind: 'agent', id: agentId })));
    },
    'GET /Tickets/{id}': ({ params }) => HttpResponse.json(findTicket(state, idParam(params))),
    'GET /Actions': ({ query }) => {
      const ticketId = intQuery(query, 'ticket_id');
      let rows = ticketId === undefined ? state.actions : state.actions.filter((a) => a.ticket_id === ticketId);
      if (ticketId !== undefined) findTicket(state, ticketId);
      if (boolQuery(query, 'excludesys')) rows = rows.filter((a) => a.who_type !== 0);
      if (boolQuery(query, 'agentonly')) rows = rows.filter((a) => a.who_type === 1);
      if (boolQuery(query, 'excludeprivate')) rows = rows.filter((a) => !a.hiddenfromuser);
      const count = intQuery(query, 'count');
      if (count !== undefined && count >= 0) rows = rows.slice(0, count);
      return HttpResponse.json({ record_count: rows.length, actions: rows });
    },
    'POST /Actions': async ({ request, agentId }) => {
      const records = await readRecords(request);
      return upsertResponse(records.map((r) => models.actions.add(r, { kind: 'agent', id: agentId })));
    },
  };
}
