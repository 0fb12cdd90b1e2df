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

  /**
   * A reply from the ticket's contact (client portal or email): a published note owned by the
   * contact, not a resource. Autotask changes no webhook field for a note, so the ticket webhook
   * fires only when the MSP's "status when a contact adds a note" setting moves the ticket:
   * `replyStatus` models that setting (omitted: no status change, no webhook).
   */
  function contactReply(parentId: number, text: string, options: { publish: number; replyStatus?: number; system: Actor }): AtNote {
    const ticket = requireTicket(state, parentId);
    if (ticket.contactID === null || ticket.contactID === undefined) throw new Error(`ticket ${parentId} has no contact to reply`);
    const stamp = ctx.now().toISOString();
    const note: AtNote = {
      id: nextId(state),
      ticketID: parentId,
      title: 'Reply',
      description: text,
      noteType: 1,
      publish: options.publish,
      createDateTime: stamp,
      lastActivityDate: stamp,
      creatorResourceID: null,
      impersonatorCreatorResourceID: null,
      createdByContactID: ticket.contactID,
    };
    state.notes.push(note);
    ticket.lastActivityDate = stamp;
    if (options.replyStatus !== undefined && options.replyStatus !== ticket.status) tickets.patch({ id: parentId, status: options.replyStatus }, options.system);
    return note;
  }

  return { add, contactReply };
}

export type NoteModel = ReturnType<typeof createNoteModel>;
