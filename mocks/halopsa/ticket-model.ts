import { haloDate } from './halo-date.js';
import { HaloBadRequest, HaloNotFound, intField, stringField } from './halo-errors.js';
import type { HaloState } from './seed-state.js';
import type { HaloStatus, HaloTicket } from './types.js';
import type { Actor, WebhookDispatcher } from './webhook-dispatcher.js';

export interface SimContext {
  state: HaloState;
  now: () => Date;
  webhooks: WebhookDispatcher;
}

/** Fields the simulator derives itself; a write cannot set them. */
const READ_ONLY = new Set(['id', 'status_name', 'client_name', 'user_name', 'datecreated', 'last_update', 'dateclosed', 'hasbeenclosed', 'deleted']);

export function findTicket(state: HaloState, id: number): HaloTicket {
  const ticket = state.tickets.find((t) => t.id === id && !t.deleted);
  if (!ticket) throw new HaloNotFound(`Ticket ${id} not found.`);
  return ticket;
}

export function findStatus(state: HaloState, id: number): HaloStatus {
  const status = state.statuses.find((s) => s.id === id);
  if (!status) throw new HaloBadRequest(`Status ${id} does not exist.`);
  return status;
}

export const actorName = (state: HaloState, actor: Actor): string =>
  actor.kind === 'agent' ? (state.agents.find((a) => a.id === actor.id)?.name ?? `Agent ${actor.id}`) : (state.users.find((u) => u.id === actor.id)?.name ?? `User ${actor.id}`);

/**
 * Ticket upserts shared by `POST /Tickets` and the simulator's programmatic API: no `id` (or 0)
 * creates, an existing `id` updates the fields given. Creating fires event 3; a status change
 * fires 76; any change by an end user fires 19.
 */
export function createTicketModel(ctx: SimContext, logStatusChange: (ticket: HaloTicket, from: HaloStatus, to: HaloStatus, actor: Actor) => void) {
  const { state } = ctx;

  function applyRefs(ticket: HaloTicket, record: Record<string, unknown>): void {
    const userId = intField(record, 'user_id');
    if (userId !== undefined && userId !== 0) {
      const user = state.users.find((u) => u.id === userId);
      if (!user) throw new HaloBadRequest(`User ${userId} does not exist.`);
      ticket.user_id = user.id;
      ticket.user_name = user.name;
      ticket.site_id = user.site_id;
      if (intField(record, 'client_id') === undefined) ticket.client_id = user.client_id;
    }
    const clientId = intField(record, 'client_id') ?? ticket.client_id;
    const client = state.clients.find((c) => c.id === clientId);
    if (!client) throw new HaloBadRequest(clientId ? `Client ${clientId} does not exist.` : 'A ticket needs a client_id or a user_id.');
    ticket.client_id = client.id;
    ticket.client_name = client.name;
    const agentId = intField(record, 'agent_id');
    if (agentId !== undefined && agentId !== 0 && !state.agents.some((a) => a.id === agentId)) throw new HaloBadRequest(`Agent ${agentId} does not exist.`);
  }

  function create(record: Record<string, unknown>, actor: Actor): HaloTicket {
    const summary = stringField(record, 'summary');
    if (!summary?.trim()) throw new HaloBadRequest('summary is required.');
    const status = findStatus(state, intField(record, 'status_id') ?? 1);
    const stamp = haloDate(ctx.now());
    const extra = Object.fromEntries(Object.entries(record).filter(([k]) => !READ_ONLY.has(k)));
    const ticket: HaloTicket = {
      summary,
      details: '',
      site_id: 0,
      user_id: 0,
      user_name: '',
      agent_id: 0,
      tickettype_id: 1,
      priority_id: 4,
      team: '',
      dateoccurred: stamp,
      ...extra,
      id: state.nextTicketId++,
      status_id: status.id,
      status_name: status.name,
      client_id: 0,
      client_name: '',
      datecreated: stamp,
      last_update: stamp,
      hasbeenclosed: status.type === 1,
      deleted: false,
    };
    applyRefs(ticket, record);
    state.tickets.push(ticket);
    ctx.webhooks.fire(3, ticket, undefined, actor);
    return ticket;
  }

  function update(id: number, record: Record<string, unknown>, actor: Actor): HaloTicket {
    const ticket = findTicket(state, id);
    const draft: HaloTicket = { ...ticket };
    for (const [k, v] of Object.entries(record)) if (!READ_ONLY.has(k) && k !== 'status_id') draft[k] = v;
    if (typeof draft.summary !== 'string' || !draft.summary.trim()) throw new HaloBadRequest('summary cannot be empty.');
    applyRefs(draft, record);
    const statusId = intField(record, 'status_id');
    const from = findStatus(state, ticket.status_id);
    const to = statusId === undefined ? from : findStatus(state, statusId);
    Object.assign(ticket, draft);
    setStatus(ticket, to);
    ticket.last_update = haloDate(ctx.now());
    if (to.id !== from.id) {
      logStatusChange(ticket, from, to, actor);
      ctx.webhooks.fire(76, ticket, undefined, actor);
    }
    if (actor.kind === 'user') ctx.webhooks.fire(19, ticket, undefined, actor);
    return ticket;
  }

  /** Halo's `hasbeenclosed` is kept as "currently closed" here (its exact semantics are unverified). */
  function setStatus(ticket: HaloTicket, to: HaloStatus): void {
    ticket.status_id = to.id;
    ticket.status_name = to.name;
    const closed = to.type === 1;
    if (closed && !ticket.hasbeenclosed) ticket.dateclosed = haloDate(ctx.now());
    if (!closed) delete ticket.dateclosed;
    ticket.hasbeenclosed = closed;
  }

  function upsert(record: Record<string, unknown>, actor: Actor): HaloTicket {
    const id = intField(record, 'id');
    return id === undefined || id <= 0 ? create(record, actor) : update(id, record, actor);
  }

  return { create, update, upsert, setStatus };
}

export type TicketModel = ReturnType<typeof createTicketModel>;
