import { CwValidationError, fieldError } from './cw-errors.js';
import { NoteBody, parseBody, type RefInput } from './body-schemas.js';
import { cwDate } from './cw-date.js';
import { findTicket, touch, type SimContext } from './ticket-model.js';
import { memberRef, nextId } from './seed-state.js';
import type { CwMember, CwNote, CwTicket } from './types.js';

export function resolveMember(ctx: SimContext, ref: RefInput | undefined, fallback: CwMember, resource: string): CwMember {
  if (!ref) return fallback;
  const member = ctx.state.members.find((m) => m.id === ref.id || (ref.identifier !== undefined && m.identifier.toLowerCase() === ref.identifier.toLowerCase()));
  if (!member) throw new CwValidationError(resource, [fieldError(resource, 'member', 'The member was not found.')]);
  return member;
}

/**
 * Ticket notes. In this simulator a note counts as a change to its ticket (`_info.lastUpdated`
 * moves and a ticket "updated" callback fires) unless `notesFireCallbacks` is off: CW fires
 * ticket callbacks on ticket saves, and a discussion entry is how customers update tickets.
 */
export function createNoteModel(ctx: SimContext, options: { notesFireCallbacks: boolean }) {
  function store(ticket: CwTicket, body: Omit<CwNote, 'id' | 'ticketId' | 'member' | 'dateCreated' | 'createdBy' | 'internalFlag' | 'externalFlag' | '_info'> & Record<string, unknown>, member: CwMember): CwNote {
    const stamp = cwDate(ctx.now());
    const note: CwNote = {
      ...body,
      id: nextId(ctx.state),
      ticketId: ticket.id,
      member: memberRef(member),
      dateCreated: stamp,
      createdBy: member.identifier,
      internalFlag: body.internalAnalysisFlag,
      externalFlag: body.detailDescriptionFlag || body.resolutionFlag,
      _info: { lastUpdated: stamp, updatedBy: member.identifier },
    };
    ctx.state.notes.push(note);
    return note;
  }

  function add(ticketId: number, raw: unknown, actor: CwMember): CwNote {
    const ticket = findTicket(ctx.state, ticketId);
    const input = parseBody(NoteBody, 'note', raw);
    const flags = {
      detailDescriptionFlag: input.detailDescriptionFlag ?? false,
      internalAnalysisFlag: input.internalAnalysisFlag ?? false,
      resolutionFlag: input.resolutionFlag ?? false,
      issueFlag: input.issueFlag ?? false,
    };
    if (!flags.detailDescriptionFlag && !flags.internalAnalysisFlag && !flags.resolutionFlag) {
      throw new CwValidationError('note', [fieldError('note', 'detailDescriptionFlag', 'One of detailDescriptionFlag, internalAnalysisFlag or resolutionFlag must be true.')]);
    }
    const member = resolveMember(ctx, input.member, actor, 'note');
    const { member: _member, ...rest } = input;
    const note = store(ticket, { ...rest, ...flags }, member);
    if (options.notesFireCallbacks) {
      touch(ctx, ticket, actor);
      ctx.ticketChanged('updated', ticket, actor);
    }
    return note;
  }

  /** The notes CW creates from initialDescription / initialInternalAnalysis / initialResolution. */
  function addInitial(ticket: CwTicket, text: string, kind: 'detail' | 'internal' | 'resolution', actor: CwMember): void {
    store(ticket, { text, detailDescriptionFlag: kind === 'detail', internalAnalysisFlag: kind === 'internal', resolutionFlag: kind === 'resolution', issueFlag: false }, actor);
  }

  /**
   * A reply from the ticket's contact, as the email connector or the customer portal records it:
   * a discussion note carrying `contact` (no member), the ticket flagged customer-updated, and
   * the ticket "updated" callback. The stricter reading: no member is attributed.
   */
  function contactReply(ticketId: number, text: string, connector: CwMember): CwNote {
    const ticket = findTicket(ctx.state, ticketId);
    if (!ticket.contact) throw new Error(`ticket ${ticketId} has no contact to reply`);
    const stamp = cwDate(ctx.now());
    const contact = ctx.state.contacts.find((c) => c.id === ticket.contact?.id);
    const note: CwNote = {
      id: nextId(ctx.state),
      ticketId: ticket.id,
      text,
      detailDescriptionFlag: true,
      internalAnalysisFlag: false,
      resolutionFlag: false,
      issueFlag: false,
      contact: { id: ticket.contact.id, ...(contact ? { name: `${contact.firstName} ${contact.lastName}` } : {}) },
      customerUpdatedFlag: true,
      dateCreated: stamp,
      createdBy: 'Email Connector',
      internalFlag: false,
      externalFlag: true,
      _info: { lastUpdated: stamp, updatedBy: 'Email Connector' },
    };
    ctx.state.notes.push(note);
    ticket.customerUpdatedFlag = true;
    touch(ctx, ticket, connector);
    ctx.ticketChanged('updated', ticket, connector);
    return note;
  }

  return { add, addInitial, contactReply };
}
