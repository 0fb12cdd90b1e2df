import { requireValid } from './at-errors.js';
import type { Actor } from './auth.js';
import { readEntityBody } from './entity-body.js';
import { findResource, isApiOnly, nextId } from './seed-state.js';
import { requireTicket, type SimContext, type TicketModel } from './ticket-model.js';
import type { AtTimeEntry } from './types.js';

const HOUR_MS = 3_600_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * `POST /TimeEntries` with Autotask's rules (help: TimeEntriesEntity.htm; Anteris
 * TimeEntryEntity): resourceID and dateWorked are required; the resource must be an active,
 * licensed resource (an API-only user cannot own time); hours come from hoursWorked or from
 * startDateTime/endDateTime and must be more than 0 and at most 24; a ticket entry needs
 * summaryNotes and a role (the resource's default service desk role when omitted).
 */
export function createTimeEntryModel(ctx: SimContext, tickets: TicketModel) {
  const { state } = ctx;

  function add(body: unknown, actor: Actor): AtTimeEntry {
    const { values: v } = readEntityBody(body, state.fields.timeEntries, 'TimeEntry');
    const errors: string[] = [];
    const resource = typeof v.resourceID === 'number' ? findResource(state, v.resourceID) : undefined;
    if (v.resourceID === undefined || v.resourceID === null) errors.push('TimeEntry.resourceID is required.');
    else if (!resource) errors.push(`TimeEntry.resourceID: resource ${String(v.resourceID)} does not exist.`);
    else if (!resource.isActive) errors.push(`TimeEntry.resourceID: resource ${resource.id} is inactive.`);
    else if (isApiOnly(state, resource.id)) errors.push(`TimeEntry.resourceID: resource ${resource.id} is an API-only user and cannot be assigned time.`);
    if (!v.dateWorked) errors.push('TimeEntry.dateWorked is required.');
    if (v.ticketID === undefined || v.ticketID === null) {
      if (v.taskID === undefined || v.taskID === null) errors.push('TimeEntry needs a ticketID or a taskID.');
    }
    const start = typeof v.startDateTime === 'string' ? Date.parse(v.startDateTime) : null;
    const end = typeof v.endDateTime === 'string' ? Date.parse(v.endDateTime) : null;
    if ((start === null) !== (end === null)) errors.push('TimeEntry: startDateTime and endDateTime go together.');
    if (start !== null && end !== null && end <= start) errors.push('TimeEntry.endDateTime must be after startDateTime.');
    const fromTimes = start !== null && end !== null ? (end - start) / HOUR_MS : null;
    const hours = typeof v.hoursWorked === 'number' ? v.hoursWorked : fromTimes;
    if (hours === null) errors.push('TimeEntry needs hoursWorked or startDateTime and endDateTime.');
    else if (!(hours > 0) || hours > 24) errors.push('TimeEntry.hoursWorked must be greater than 0 and no more than 24.');
    if (fromTimes !== null && typeof v.hoursWorked === 'number' && Math.abs(fromTimes - v.hoursWorked) > 1 / 60) errors.push('TimeEntry.hoursWorked does not match startDateTime and endDateTime.');
    const roleID = (v.roleID as number | null | undefined) ?? resource?.defaultServiceDeskRoleID ?? null;
    if (roleID === null) errors.push('TimeEntry.roleID is required (the resource has no default service desk role).');
    else if (!state.roles.some((r) => r.id === roleID)) errors.push(`TimeEntry.roleID: role ${roleID} does not exist.`);
    if (v.ticketID !== undefined && v.ticketID !== null && !v.summaryNotes) errors.push('TimeEntry.summaryNotes is required for ticket time.');
    requireValid(errors);
    const ticket = v.ticketID === undefined || v.ticketID === null ? undefined : requireTicket(state, v.ticketID);
    const worked = round2(hours as number);
    const entry: AtTimeEntry = {
      id: nextId(state),
      ticketID: ticket?.id ?? null,
      taskID: (v.taskID as number | null | undefined) ?? null,
      resourceID: (resource as { id: number }).id,
      roleID: roleID as number,
      dateWorked: v.dateWorked as string,
      startDateTime: (v.startDateTime as string | undefined) ?? null,
      endDateTime: (v.endDateTime as string | undefined) ?? null,
      hoursWorked: worked,
      hoursToBill: typeof v.hoursToBill === 'number' ? v.hoursToBill : worked,
      summaryNotes: (v.summaryNotes as string | undefined) ?? '',
      internalNotes: (v.internalNotes as string | undefined) ?? null,
      isNonBillable: v.isNonBillable === true,
      createDateTime: ctx.now().toISOString(),
      creatorUserID: actor.impersonatorId ?? actor.resourceId,
      impersonatorCreatorResourceID: actor.impersonatorId ?? null,
    };
    state.timeEntries.push(entry);
    if (ticket) tickets.touch(ticket, actor);
    return entry;
  }

  return { add };
}

export type TimeEntryModel = ReturnType<typeof createTimeEntryModel>;
