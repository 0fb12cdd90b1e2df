import { haloDate } from './halo-date.js';
import { HaloBadRequest, boolField, intField, numberField, stringField } from './halo-errors.js';
import type { HaloState } from './seed-state.js';
import { actorName, findStatus, findTicket, type SimContext, type TicketModel } from './ticket-model.js';
import type { HaloAction, HaloStatus, HaloTicket } from './types.js';
import type { Actor } from './webhook-dispatcher.js';

const stripHtml = (html: string) => html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '').trim();

function resolveOutcome(state: HaloState, record: Record<string, unknown>): { id: number; name: string; hidden: boolean } {
  const outcomeId = intField(record, 'outcome_id');
  const name = stringField(record, 'outcome');
  if (outcomeId !== undefined && outcomeId !== 0) {
    const found = state.outcomes.find((o) => o.id === outcomeId);
    if (!found) throw new HaloBadRequest(`Outcome ${outcomeId} does not exist.`);
    return { id: found.id, name: found.outcome, hidden: found.defaulthidden };
  }
  // Halo accepts an outcome by name; a name it does not know is kept as free text.
  const known = name ? state.outcomes.find((o) => o.outcome.toLowerCase() === name.trim().toLowerCase()) : state.outcomes.find((o) => o.id === 10);
  return known ? { id: known.id, name: known.outcome, hidden: known.defaulthidden } : { id: 0, name: name ?? 'Note', hidden: false };
}

/**
 * Actions (notes, emails, time) on tickets. `timetaken` is hours; `new_status` moves the ticket
 * as part of the action. An end user's action fires event 19; a status change fires 76.
 */
export function createActionModel(ctx: SimContext, tickets: () => TicketModel) {
  const { state } = ctx;

  function add(record: Record<string, unknown>, actor: Actor): HaloAction {
    const ticketId = intField(record, 'ticket_id');
    if (ticketId === undefined) throw new HaloBadRequest('ticket_id is required.');
    const ticket = findTicket(state, ticketId);
    const html = stringField(record, 'note_html');
    const note = stringField(record, 'note') ?? (html ? stripHtml(html) : undefined);
    if (!note?.trim()) throw new HaloBadRequest('note or note_html is required.');
    const timetaken = numberField(record, 'timetaken') ?? 0;
    if (timetaken < 0 || timetaken > 24) throw new HaloBadRequest('timetaken must be between 0 and 24 hours.');
    const outcome = resolveOutcome(state, record);
    const newStatusId = intField(record, 'new_status');
    const newStatus = newStatusId === undefined || newStatusId === 0 ? undefined : findStatus(state, newStatusId);
    const stamp = haloDate(ctx.now());
    const action: HaloAction = {
      id: state.nextActionId++,
      ticket_id: ticket.id,
      outcome: outcome.name,
      outcome_id: outcome.id,
      note,
      note_html: html ?? note.replace(/\n/g, '<br>'),
      hiddenfromuser: boolField(record, 'hiddenfromuser') ?? outcome.hidden,
      sendemail: boolField(record, 'sendemail') ?? false,
      timetaken,
      ...(newStatus ? { new_status: newStatus.id, new_status_name: newStatus.name } : {}),
      who: actorName(state, actor),
      who_type: actor.kind === 'agent' ? 1 : 2,
      who_agentid: actor.kind === 'agent' ? actor.id : 0,
      datetime: stamp,
      actiondatecreated: stamp,
    };
    state.actions.push(action);
    const from = findStatus(state, ticket.status_id);
    if (newStatus && newStatus.id !== from.id) {
      tickets().setStatus(ticket, newStatus);
      ctx.webhooks.fire(76, ticket, action, actor);
    }
    ticket.last_update = stamp;
    if (actor.kind === 'user') ctx.webhooks.fire(19, ticket, action, actor);
    return action;
  }

  /** The system action Halo logs when a ticket's status changes through a ticket update. */
  function logStatusChange(ticket: HaloTicket, from: HaloStatus, to: HaloStatus, actor: Actor): void {
    const stamp = haloDate(ctx.now());
    state.actions.push({
      id: state.nextActionId++,
      ticket_id: ticket.id,
      outcome: 'Status Change',
      outcome_id: 20,
      note: `Status changed from ${from.name} to ${to.name}`,
      note_html: `Status changed from ${from.name} to ${to.name}`,
      hiddenfromuser: true,
      sendemail: false,
      timetaken: 0,
      new_status: to.id,
      new_status_name: to.name,
      who: actorName(state, actor),
      who_type: 0,
      who_agentid: actor.kind === 'agent' ? actor.id : 0,
      datetime: stamp,
      actiondatecreated: stamp,
    });
  }

  return { add, logStatusChange };
}

export type ActionModel = ReturnType<typeof createActionModel>;
