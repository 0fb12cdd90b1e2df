import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cwFetch, newTestSimulator } from './test-kit.js';
import type { ConnectWiseSimulator } from './simulator.js';

let sim: ConnectWiseSimulator;
let ticketId: number;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
  ticketId = sim.createTicket({ summary: 'Mailbox almost full', company: { id: 250 } }).id;
});

describe('ticket notes', () => {
  it('stores a note with its flags and the API member, and lists it', async () => {
    const res = await cwFetch(sim, `/service/tickets/${ticketId}/notes`, { method: 'POST', body: { text: 'Checked quota [tf:1]', internalAnalysisFlag: true } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ ticketId, text: 'Checked quota [tf:1]', internalAnalysisFlag: true, detailDescriptionFlag: false, internalFlag: true, externalFlag: false, member: { identifier: 'ticketfix-api' } });
    await cwFetch(sim, `/service/tickets/${ticketId}/notes`, { method: 'POST', body: { text: 'Fixed', detailDescriptionFlag: true, resolutionFlag: true } });
    const resolution = await cwFetch(sim, `/service/tickets/${ticketId}/notes?conditions=resolutionFlag=true`);
    expect(resolution.json.map((n: { text: string }) => n.text)).toEqual(['Fixed']);
  });

  it('rejects a note with no text or no visibility flag', async () => {
    expect((await cwFetch(sim, `/service/tickets/${ticketId}/notes`, { method: 'POST', body: { internalAnalysisFlag: true } })).json.errors[0].field).toBe('text');
    const noFlag = await cwFetch(sim, `/service/tickets/${ticketId}/notes`, { method: 'POST', body: { text: 'x' } });
    expect(noFlag.status).toBe(400);
    expect(noFlag.json.errors[0].message).toMatch(/detailDescriptionFlag/);
    expect((await cwFetch(sim, '/service/tickets/999/notes', { method: 'POST', body: { text: 'x', internalAnalysisFlag: true } })).status).toBe(404);
    expect(sim.state.notes).toHaveLength(0);
  });
});

describe('time entries', () => {
  const entry = () => ({ chargeToType: 'ServiceTicket', chargeToId: ticketId, member: { identifier: 'ticketfix-api' }, timeStart: '2025-03-01T09:00:00Z', timeEnd: '2025-03-01T09:15:00Z', notes: 'Raised quota [tf:2]' });

  it('charges time to a ticket and finds it by conditions and via the ticket', async () => {
    const res = await cwFetch(sim, '/time/entries', { method: 'POST', body: entry() });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ chargeToType: 'ServiceTicket', chargeToId: ticketId, actualHours: 0.25, company: { id: 250 }, ticket: { id: ticketId }, ticketStatus: 'New', member: { identifier: 'ticketfix-api' } });
    const listed = await cwFetch(sim, '/time/entries?conditions=' + encodeURIComponent(`chargeToType="ServiceTicket" and chargeToId=${ticketId}`));
    expect(listed.json.map((e: { id: number }) => e.id)).toEqual([res.json.id]);
    const refs = await cwFetch(sim, `/service/tickets/${ticketId}/timeentries`);
    expect(refs.json).toEqual([{ id: res.json.id, _info: { timeEntry_href: expect.stringContaining(`/time/entries/${res.json.id}`) } }]);
    expect((await cwFetch(sim, `/time/entries/${res.json.id}`)).json.notes).toBe('Raised quota [tf:2]');
  });

  it.each([
    ['timeStart missing', { timeStart: undefined }, 'timeStart'],
    ['timeStart not a date', { timeStart: 'yesterday' }, 'timeStart'],
    ['timeEnd before timeStart', { timeEnd: '2025-03-01T08:00:00Z' }, 'timeEnd'],
    ['an unknown ticket', { chargeToId: 99999 }, 'chargeToId'],
    ['an unknown member', { member: { identifier: 'nobody' } }, 'member'],
  ])('answers 400 for %s', async (_label, change, field) => {
    const res = await cwFetch(sim, '/time/entries', { method: 'POST', body: { ...entry(), ...change } });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(sim.state.timeEntries).toHaveLength(0);
  });
});
