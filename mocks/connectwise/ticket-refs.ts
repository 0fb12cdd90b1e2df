import { CwValidationError, fieldError, type CwFieldError } from './cw-errors.js';
import type { RefInput } from './body-schemas.js';
import { SERVICE_BOARD_ID, contactEmail } from './seed-state.js';
import { cwDate } from './cw-date.js';
import type { SimContext } from './ticket-model.js';
import type { CwMember, CwTicket } from './types.js';

const sameText = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Resolves a ticket draft's references the way CW does: company by id or identifier, board
 * (default Service Desk), status by id or name on that board (default status when absent or
 * when the board changed), contact by id or by `contactEmailAddress`, and the closed fields.
 */
export function resolveRefs(ctx: SimContext, draft: Record<string, unknown>, actor: CwMember, previous?: CwTicket): Partial<CwTicket> {
  const { state, base } = ctx;
  const errors: CwFieldError[] = [];
  const out: Partial<CwTicket> = {};
  const companyIn = draft.company as RefInput | undefined;
  const company = state.companies.find((c) => c.id === companyIn?.id || sameText(c.identifier, companyIn?.identifier));
  if (!company) errors.push(fieldError('ticket', 'company', 'The company was not found; send company.id or company.identifier.'));
  else out.company = { id: company.id, identifier: company.identifier, name: company.name, _info: { company_href: `${base}/company/companies/${company.id}` } };

  const boardIn = (draft.board as RefInput | undefined) ?? { id: SERVICE_BOARD_ID };
  const board = state.boards.find((b) => b.id === boardIn.id || sameText(b.name, boardIn.name));
  if (!board) errors.push(fieldError('ticket', 'board', 'The board was not found.'));
  else out.board = { id: board.id, name: board.name, _info: { board_href: `${base}/service/boards/${board.id}` } };

  if (board) {
    const boardStatuses = state.statuses.filter((s) => s.board.id === board.id && !s.inactive);
    let statusIn = draft.status as RefInput | undefined;
    // Moving a ticket to another board without naming a status lands it on that board's default.
    if (previous && previous.board.id !== board.id && statusIn?.id === previous.status.id) statusIn = undefined;
    const status = statusIn ? boardStatuses.find((s) => s.id === statusIn.id || (statusIn.id === undefined && sameText(s.name, statusIn.name))) : boardStatuses.find((s) => s.defaultFlag);
    if (!status) {
      const which = statusIn?.id !== undefined ? `id ${statusIn.id}` : `'${statusIn?.name ?? ''}'`;
      errors.push(fieldError('ticket', 'status', `Status ${which} is not a valid status for board '${board.name}'.`));
    } else {
      out.status = { id: status.id, name: status.name, _info: { status_href: `${base}/service/boards/${board.id}/statuses/${status.id}` } };
      out.closedFlag = status.closedStatus;
      const wasClosed = previous?.closedFlag ?? false;
      if (status.closedStatus && !wasClosed) Object.assign(out, { closedDate: cwDate(ctx.now()), closedBy: actor.identifier });
    }
  }

  const contactIn = draft.contact as RefInput | undefined;
  const email = draft.contactEmailAddress as string | undefined;
  const emailChanged = email !== undefined && email !== previous?.contactEmailAddress;
  const contactChanged = contactIn?.id !== undefined && contactIn.id !== previous?.contact?.id;
  // A new email with the same contact means "find the contact for this email" (as on create).
  const lookupById = contactIn?.id !== undefined && (contactChanged || !emailChanged);
  let contact = lookupById ? state.contacts.find((c) => c.id === contactIn?.id) : undefined;
  if (lookupById && !contact) errors.push(fieldError('ticket', 'contact', `Contact id ${contactIn?.id} was not found.`));
  if (!contact && email) {
    const byEmail = state.contacts.filter((c) => sameText(contactEmail(c), email));
    contact = byEmail.find((c) => c.company.id === company?.id) ?? byEmail[0];
  }
  if (contact) {
    out.contact = { id: contact.id, name: `${contact.firstName} ${contact.lastName}`.trim(), _info: { contact_href: `${base}/company/contacts/${contact.id}` } };
    out.contactName = out.contact.name;
    out.contactEmailAddress = email ?? contactEmail(contact);
  }
  if (errors.length) throw new CwValidationError('ticket', errors);
  return out;
}
