import { CwNotFoundError } from './cw-errors.js';
import { PatchBody, TicketBody, parseBody } from './body-schemas.js';
import { applyPatch } from './json-patch.js';
import { nextId, type ConnectWiseState } from './seed-state.js';
import { resolveRefs } from './ticket-refs.js';
import { cwDate } from './cw-date.js';
import type { CwMember, CwTicket } from './types.js';

export interface SimContext {
  state: ConnectWiseState;
  base: string;
  now: () => Date;
  /** Fired after a ticket is stored; the callback dispatcher listens. */
  ticketChanged: (action: 'added' | 'updated', ticket: CwTicket, actor: CwMember) => void;
}

function finish(draft: Record<string, unknown>, refs: Partial<CwTicket>): CwTicket {
  const ticket = { ...draft, ...refs } as CwTicket;
  if (!ticket.closedFlag) {
    delete ticket.closedDate;
    delete ticket.closedBy;
  }
  for (const k of ['initialDescription', 'initialInternalAnalysis', 'initialResolution']) delete ticket[k];
  return ticket;
}

export function findTicket(state: ConnectWiseState, id: number): CwTicket {
  const ticket = state.tickets.find((t) => t.id === id);
  if (!ticket) throw new CwNotFoundError(`Ticket Id ${id} was not found.`);
  return ticket;
}

export function touch(ctx: SimContext, ticket: CwTicket, actor: CwMember): void {
  ticket._info = { ...ticket._info, lastUpdated: cwDate(ctx.now()), updatedBy: actor.identifier };
}

/**
 * Ticket writes shared by the REST routes and the simulator's programmatic API. `addNote` is
 * injected so `initialDescription` & co. land as notes, as they do in CW (GET never echoes them).
 */
export function createTicketModel(ctx: SimContext, addInitialNote: (ticket: CwTicket, text: string, kind: 'detail' | 'internal' | 'resolution', actor: CwMember) => void) {
  const { state, base } = ctx;

  function create(body: unknown, actor: CwMember): CwTicket {
    const input = parseBody(TicketBody, 'ticket', body);
    const id = nextId(state);
    const stamp = cwDate(ctx.now());
    const draft: Record<string, unknown> = { recordType: 'ServiceTicket', ...input, id };
    const ticket = finish(draft, resolveRefs(ctx, draft, actor));
    ticket._info = { lastUpdated: stamp, updatedBy: actor.identifier, dateEntered: stamp, enteredBy: actor.identifier, notes_href: `${base}/service/tickets/${id}/notes`, timeentries_href: `${base}/service/tickets/${id}/timeentries` };
    state.tickets.push(ticket);
    if (input.initialDescription) addInitialNote(ticket, input.initialDescription, 'detail', actor);
    if (input.initialInternalAnalysis) addInitialNote(ticket, input.initialInternalAnalysis, 'internal', actor);
    if (input.initialResolution) addInitialNote(ticket, input.initialResolution, 'resolution', actor);
    ctx.ticketChanged('added', ticket, actor);
    return ticket;
  }

  function store(previous: CwTicket, draft: Record<string, unknown>, actor: CwMember): CwTicket {
    const ticket = finish(draft, resolveRefs(ctx, draft, actor, previous));
    ticket.id = previous.id;
    ticket._info = previous._info;
    touch(ctx, ticket, actor);
    state.tickets[state.tickets.indexOf(previous)] = ticket;
    ctx.ticketChanged('updated', ticket, actor);
    return ticket;
  }

  function patch(id: number, body: unknown, actor: CwMember): CwTicket {
    const previous = findTicket(state, id);
    const ops = parseBody(PatchBody, 'ticket', body);
    const draft = applyPatch(previous, ops, 'ticket');
    parseBody(TicketBody, 'ticket', draft);
    return store(previous, draft, actor);
  }

  function put(id: number, body: unknown, actor: CwMember): CwTicket {
    const previous = findTicket(state, id);
    const input = parseBody(TicketBody, 'ticket', body);
    return store(previous, { recordType: 'ServiceTicket', ...input, id }, actor);
  }

  return { create, patch, put };
}
