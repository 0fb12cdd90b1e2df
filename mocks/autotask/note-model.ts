import { AtValidationError, requireValid } from './at-errors.js';
import type { Actor } from './auth.js';
import { fieldErrors, readEntityBody } from './entity-body.js';
import { nextId } from './seed-state.js';
import { requireTicket, type SimContext, type TicketModel } from './ticket-model.js';
import type { AtNote } from './types.js';

/**
 * Ticket notes, created through the child route `POST /Tickets/{parentId}/Notes` (the root
 * `/TicketNotes` is query-only). Required: title, description, noteType, publish (Anteris
 * TicketNoteEntity). A note is activity on the ticket but changes no webhook field, so it fires
 * no ticket webhook (TicketNote webhooks are a separate entity, not simulated).
 */
export function createNoteModel(ctx: SimContext, tickets: TicketModel) {
  const { state } = ctx;

  function add(parentId: number, body: unknown, actor: Actor): AtNote {
    const ticket = requireTicket(state, parentId);
    const { values } = readEntityBody(body, state.fields.ticketNotes, 'TicketNote');
    if (values.ticketID !== undefined && values.ticketID !== null && values.ticketID !== parentId) {
      throw new AtValidationError([`TicketNote.ticketID ${String(values.ticketID)} does not match the parent ticket ${parentId}.`]);
    }
    const draft: Record<string, unknown> = { ...values, ticketID: parentId };
    requireValid(fieldErrors(draft, state.fields.ticketNotes, 'TicketNote'));
    const stamp = ctx.now().toISOString();
    const note: AtNote = {
      id: nextId(state),
      ticketID: parentId,
      title: draft.title as string,
      description: draft.description as string,
      noteType: draft.noteType as number,
      publish: draft.publish as number,
      createDateTime: stamp,
      lastActivityDate: stamp,
      creatorResourceID: actor.resourceId,
      impersonatorCreatorResourceID: actor.impersonatorId ?? null,
      createdByContactID: null,
    };
    state.notes.push(note);
    tickets.touch(ticket, actor);
    return note;
  }

  return { add };
}

export type NoteModel = ReturnType<typeof createNoteModel>;
