import { CwValidationError, fieldError, type CwFieldError } from './cw-errors.js';
import { TimeEntryBody, parseBody } from './body-schemas.js';
import { resolveMember } from './note-model.js';
import { cwDate } from './cw-date.js';
import type { SimContext } from './ticket-model.js';
import { memberRef, nextId } from './seed-state.js';
import type { CwMember, CwTimeEntry } from './types.js';

/** POST /time/entries. Time entries do not fire ticket callbacks in this simulator. */
export function createTimeEntryModel(ctx: SimContext) {
  function add(raw: unknown, actor: CwMember): CwTimeEntry {
    const input = parseBody(TimeEntryBody, 'timeEntry', raw);
    const errors: CwFieldError[] = [];
    const chargeToType = input.chargeToType ?? (input.chargeToId === undefined ? 'ChargeCode' : 'ServiceTicket');
    const start = Date.parse(input.timeStart);
    let end = input.timeEnd === undefined ? undefined : Date.parse(input.timeEnd);
    if (end === undefined && input.actualHours !== undefined) end = start + input.actualHours * 3_600_000;
    if (end === undefined) errors.push(fieldError('timeEntry', 'timeEnd', 'Either timeEnd or actualHours is required.', 'NullOrEmpty'));
    else if (end <= start) errors.push(fieldError('timeEntry', 'timeEnd', 'timeEnd must be after timeStart.'));
    else if (end - start > 24 * 3_600_000) errors.push(fieldError('timeEntry', 'timeEnd', 'A time entry cannot exceed 24 hours.'));
    const ticket = chargeToType === 'ServiceTicket' ? ctx.state.tickets.find((t) => t.id === input.chargeToId) : undefined;
    if (chargeToType === 'ServiceTicket' && !ticket) errors.push(fieldError('timeEntry', 'chargeToId', `Service ticket ${input.chargeToId ?? '(none)'} was not found.`));
    const status = ticket ? ctx.state.statuses.find((s) => s.id === ticket.status.id) : undefined;
    if (status?.timeEntryNotAllowed) errors.push(fieldError('timeEntry', 'chargeToId', `Time entries are not allowed in status '${status.name}'.`));
    const member = resolveMember(ctx, input.member, actor, 'timeEntry');
    if (errors.length || end === undefined) throw new CwValidationError('timeEntry', errors);
    const stamp = cwDate(ctx.now());
    const { member: _member, ...rest } = input;
    const entry: CwTimeEntry = {
      ...rest,
      id: nextId(ctx.state),
      company: ticket?.company,
      chargeToId: input.chargeToId ?? null,
      chargeToType,
      member: memberRef(member),
      timeStart: cwDate(new Date(start)),
      timeEnd: cwDate(new Date(end)),
      actualHours: Math.round(((end - start) / 3_600_000) * 100) / 100,
      billableOption: input.billableOption ?? 'Billable',
      notes: input.notes ?? '',
      internalNotes: input.internalNotes ?? '',
      ticket: ticket ? { id: ticket.id, summary: ticket.summary } : undefined,
      ticketBoard: ticket?.board.name,
      ticketStatus: ticket?.status.name,
      enteredBy: actor.identifier,
      dateEntered: stamp,
      _info: { lastUpdated: stamp, updatedBy: actor.identifier },
    };
    ctx.state.timeEntries.push(entry);
    return entry;
  }

  return { add };
}
