import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOTE_TYPE, PUBLISH } from './entity-fields.js';
import { ENGINEER_ROLE_ID, HELP_DESK_ROLE_ID, INACTIVE_RESOURCE_ID, TECHNICIAN_RESOURCE_ID } from './seed-state.js';
import { AT_API_RESOURCE_ID, atFetch, newTestSimulator } from './test-kit.js';
import type { AutotaskSimulator } from './simulator.js';

let sim: AutotaskSimulator;
let ticketId: number;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
  ticketId = sim.createTicket({ title: 'Mailbox almost full', companyID: 250 }).id;
});

const note = (over: Record<string, unknown> = {}) => ({ title: 'TicketFix', description: 'Quota raised [tf:1]', noteType: NOTE_TYPE.TASK_NOTES, publish: PUBLISH.INTERNAL_PROJECT_TEAM, ...over });

describe('ticket notes', () => {
  it('adds a note on the child route, attributed to the impersonated resource, and bumps ticket activity', async () => {
    const before = sim.ticket(ticketId).lastActivityDate;
    await new Promise((r) => setTimeout(r, 2));
    const res = await atFetch(sim, `/Tickets/${ticketId}/Notes`, { method: 'POST', body: note(), impersonate: TECHNICIAN_RESOURCE_ID });
    expect(res).toMatchObject({ status: 200, json: { itemId: expect.any(Number) } });
    expect(sim.state.notes[0]).toMatchObject({ ticketID: ticketId, creatorResourceID: TECHNICIAN_RESOURCE_ID, impersonatorCreatorResourceID: AT_API_RESOURCE_ID, publish: PUBLISH.INTERNAL_PROJECT_TEAM });
    expect(sim.ticket(ticketId).lastActivityDate > before).toBe(true);
    expect((await atFetch(sim, `/Tickets/${ticketId}/Notes`)).json.items).toHaveLength(1);
    expect((await atFetch(sim, `/Tickets/${ticketId}/Notes/${res.json.itemId}`)).json.item.description).toBe('Quota raised [tf:1]');
  });

  it('requires title, description, noteType and publish, and a real parent ticket', async () => {
    const res = await atFetch(sim, `/Tickets/${ticketId}/Notes`, { method: 'POST', body: { description: 'x' } });
    expect(res.status).toBe(500);
    expect(res.json.errors).toEqual(['TicketNote.title is required.', 'TicketNote.noteType is required.', 'TicketNote.publish is required.']);
    expect((await atFetch(sim, `/Tickets/${ticketId}/Notes`, { method: 'POST', body: note({ publish: 3 }) })).json.errors).toEqual(['TicketNote.publish: 3 is not a valid picklist value.']);
    expect((await atFetch(sim, '/Tickets/424242/Notes', { method: 'POST', body: note() })).json.errors).toEqual([expect.stringContaining('424242')]);
    expect((await atFetch(sim, `/Tickets/${ticketId}/Notes`, { method: 'POST', body: note({ ticketID: ticketId + 1 }) })).status).toBe(500);
  });

  it('finds a note by ticket and marker through TicketNotes/query (the root is query-only)', async () => {
    sim.addNote(ticketId, { description: 'customer reply' });
    await atFetch(sim, `/Tickets/${ticketId}/Notes`, { method: 'POST', body: note() });
    const q = await atFetch(sim, '/TicketNotes/query', { method: 'POST', body: { filter: [{ op: 'eq', field: 'ticketID', value: ticketId }, { op: 'contains', field: 'description', value: '[tf:1]' }] } });
    expect(q.json.items.map((n: { description: string }) => n.description)).toEqual(['Quota raised [tf:1]']);
    expect((await atFetch(sim, '/TicketNotes', { method: 'POST', body: note({ ticketID: ticketId }) })).status).toBe(404);
  });
});

describe('time entries', () => {
  const entry = (over: Record<string, unknown> = {}) => ({
    ticketID: ticketId,
    resourceID: TECHNICIAN_RESOURCE_ID,
    dateWorked: '2025-03-01T00:00:00Z',
    startDateTime: '2025-03-01T09:00:00Z',
    endDateTime: '2025-03-01T09:15:00Z',
    summaryNotes: 'Raised quota [tf:t1]',
    ...over,
  });

  it('computes hours from start/end, defaults the role, and can be found by marker', async () => {
    const res = await atFetch(sim, '/TimeEntries', { method: 'POST', body: entry(), impersonate: TECHNICIAN_RESOURCE_ID });
    expect(res.status).toBe(200);
    expect(sim.state.timeEntries[0]).toMatchObject({ id: res.json.itemId, hoursWorked: 0.25, hoursToBill: 0.25, roleID: HELP_DESK_ROLE_ID, resourceID: TECHNICIAN_RESOURCE_ID, impersonatorCreatorResourceID: AT_API_RESOURCE_ID });
    const q = await atFetch(sim, '/TimeEntries/query', { method: 'POST', body: { filter: [{ op: 'eq', field: 'ticketID', value: ticketId }, { op: 'contains', field: 'summaryNotes', value: '[tf:t1]' }] } });
    expect(q.json.items).toHaveLength(1);
    expect((await atFetch(sim, '/TimeEntries', { method: 'POST', body: entry({ startDateTime: undefined, endDateTime: undefined, hoursWorked: 1.5, roleID: ENGINEER_ROLE_ID }) })).status).toBe(200);
    expect(sim.state.timeEntries[1]).toMatchObject({ hoursWorked: 1.5, roleID: ENGINEER_ROLE_ID });
  });

  it.each([
    ['the API-only user as resourceID', { resourceID: AT_API_RESOURCE_ID }, 'is an API-only user'],
    ['an inactive resource', { resourceID: INACTIVE_RESOURCE_ID }, 'is inactive'],
    ['no resourceID', { resourceID: undefined }, 'resourceID is required'],
    ['no dateWorked', { dateWorked: undefined }, 'dateWorked is required'],
    ['zero hours', { startDateTime: undefined, endDateTime: undefined, hoursWorked: 0 }, 'greater than 0'],
    ['more than 24 hours', { startDateTime: undefined, endDateTime: undefined, hoursWorked: 24.5 }, 'no more than 24'],
    ['end before start', { endDateTime: '2025-03-01T08:00:00Z' }, 'must be after'],
    ['hours that contradict start/end', { hoursWorked: 2 }, 'does not match'],
    ['no summary notes', { summaryNotes: '' }, 'summaryNotes is required'],
    ['an unknown role', { roleID: 1 }, 'role 1 does not exist'],
  ])('refuses %s with 500', async (_label, over, message) => {
    const res = await atFetch(sim, '/TimeEntries', { method: 'POST', body: entry(over) });
    expect(res.status).toBe(500);
    expect(res.json.errors.join(' ')).toContain(message);
    expect(sim.state.timeEntries).toHaveLength(0);
  });
});
