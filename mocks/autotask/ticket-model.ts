import { AtValidationError, requireValid } from './at-errors.js';
import type { Actor } from './auth.js';
import { STATUS } from './entity-fields.js';
import { fieldErrors, readEntityBody } from './entity-body.js';
import { findResource, isApiOnly, nextId, type AutotaskState } from './seed-state.js';
import type { AtTicket } from './types.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

export interface SimContext {
  state: AutotaskState;
  now: () => Date;
  webhooks: WebhookDispatcher;
}

export function findTicket(state: AutotaskState, id: number): AtTicket | undefined {
  return state.tickets.find((t) => t.id === id);
}

/** A write on a child (note, time entry) needs its ticket; Autotask refuses with a 500. */
export function requireTicket(state: AutotaskState, id: unknown): AtTicket {
  const ticket = typeof id === 'number' ? findTicket(state, id) : undefined;
  if (!ticket) throw new AtValidationError([`Ticket ${String(id)} does not exist or you do not have access to it.`]);
  return ticket;
}

const iso = (d: Date) => d.toISOString();

/**
 * Ticket writes shared by the REST routes and the simulator's programmatic API. PATCH changes
 * only the supplied fields; PUT replaces the record, so omitted writable fields become null
 * (Autotask help, REST_Updating_Data_PATCH.htm). Every change stamps lastActivityDate and may
 * fire webhooks.
 */
export function createTicketModel(ctx: SimContext) {
  const { state } = ctx;
  const fields = () => state.fields.tickets;
  const writable = () => fields().filter((f) => !f.isReadOnly && f.name !== 'id');

  function references(draft: Record<string, unknown>): string[] {
    const errors: string[] = [];
    const company = state.companies.find((c) => c.id === draft.companyID);
    if (draft.companyID !== null && draft.companyID !== undefined && !company) errors.push(`Ticket.companyID: company ${String(draft.companyID)} does not exist.`);
    if (draft.contactID !== null && draft.contactID !== undefined) {
      const contact = state.contacts.find((c) => c.id === draft.contactID);
      if (!contact) errors.push(`Ticket.contactID: contact ${String(draft.contactID)} does not exist.`);
      else if (contact.companyID !== draft.companyID) errors.push(`Ticket.contactID: contact ${contact.id} does not belong to company ${String(draft.companyID)}.`);
    }
    if (draft.assignedResourceID !== null && draft.assignedResourceID !== undefined) {
      const r = findResource(state, draft.assignedResourceID as number);
      if (!r || !r.isActive || isApiOnly(state, r.id)) errors.push(`Ticket.assignedResourceID: ${String(draft.assignedResourceID)} is not an active resource that can own tickets.`);
    }
    return errors;
  }

  function finish(draft: AtTicket, previous: AtTicket | undefined, actor: Actor): AtTicket {
    const stamp = iso(ctx.now());
    draft.lastActivityDate = stamp;
    draft.lastActivityResourceID = actor.resourceId;
    const completing = draft.status === STATUS.COMPLETE;
    if (completing && previous?.status !== STATUS.COMPLETE) {
      draft.completedDate = stamp;
      draft.completedByResourceID = actor.resourceId;
      draft.resolvedDateTime = stamp;
    } else if (!completing) {
      draft.completedDate = null;
      draft.completedByResourceID = null;
      draft.resolvedDateTime = null;
    }
    return draft;
  }

  function create(body: unknown, actor: Actor): AtTicket {
    const { values } = readEntityBody(body, fields(), 'Ticket');
    const blank = Object.fromEntries(writable().map((f) => [f.name, null]));
    const draft = { ...blank, ...values } as Record<string, unknown>;
    requireValid([...fieldErrors(draft, fields(), 'Ticket'), ...references(draft)]);
    const now = ctx.now();
    state.ticketSeq += 1;
    const ticketNumber = `T${iso(now).slice(0, 10).replace(/-/g, '')}.${String(state.ticketSeq).padStart(4, '0')}`;
    const ticket = finish(
      {
        ...draft,
        id: nextId(state),
        ticketNumber,
        createDate: iso(now),
        creatorResourceID: actor.resourceId,
        impersonatorCreatorResourceID: actor.impersonatorId ?? null,
        completedDate: null,
        completedByResourceID: null,
        resolvedDateTime: null,
      } as unknown as AtTicket,
      undefined,
      actor,
    );
    state.tickets.push(ticket);
    ctx.webhooks.ticketChanged('Create', ticket, undefined, actor);
    return ticket;
  }

  function store(previous: AtTicket, draft: Record<string, unknown>, actor: Actor): AtTicket {
    requireValid([...fieldErrors(draft, fields(), 'Ticket'), ...references(draft)]);
    const ticket = finish({ ...draft } as AtTicket, previous, actor);
    state.tickets[state.tickets.indexOf(previous)] = ticket;
    ctx.webhooks.ticketChanged('Update', ticket, previous, actor);
    return ticket;
  }

  function target(id: number | undefined): AtTicket {
    if (id === undefined) throw new AtValidationError(['Ticket.id is required to update a ticket.']);
    return requireTicket(state, id);
  }

  /** PATCH /Tickets: only the supplied fields change. */
  function patch(body: unknown, actor: Actor): AtTicket {
    const { id, values } = readEntityBody(body, fields(), 'Ticket');
    const previous = target(id);
    return store(previous, { ...previous, ...values }, actor);
  }

  /** PUT /Tickets: the body is the whole ticket; writable fields it omits become null. */
  function put(body: unknown, actor: Actor): AtTicket {
    const { id, values } = readEntityBody(body, fields(), 'Ticket', { refuseReadOnly: true });
    const previous = target(id);
    const blank = Object.fromEntries(writable().map((f) => [f.name, null]));
    return store(previous, { ...previous, ...blank, ...values }, actor);
  }

  /** A note or time entry counts as activity on the ticket (no webhook: no subscribed field changed). */
  function touch(ticket: AtTicket, actor: Actor): void {
    ticket.lastActivityDate = iso(ctx.now());
    ticket.lastActivityResourceID = actor.resourceId;
  }

  return { create, patch, put, touch };
}

export type TicketModel = ReturnType<typeof createTicketModel>;
