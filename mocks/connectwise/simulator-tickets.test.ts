import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cwFetch, newTestSimulator } from './test-kit.js';
import type { ConnectWiseSimulator } from './simulator.js';

let sim: ConnectWiseSimulator;
let clock: Date;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  clock = new Date('2025-03-01T09:00:00Z');
  sim = newTestSimulator({ now: () => clock });
  server.resetHandlers(...sim.handlers);
});

const mailboxTicket = { summary: 'Mailbox almost full', company: { id: 250 }, contactEmailAddress: 'megan.bowen@contoso.example', initialDescription: 'My mailbox says it is 95% full.' };

describe('seeded reference data', () => {
  it('has one contact per demo user with the email in communicationItems', async () => {
    const res = await cwFetch(sim, '/company/contacts?conditions=' + encodeURIComponent('company/id=251') + '&pageSize=100');
    // Diego, Isaiah and Patti (Fabrikam's user administrator).
    expect(res.json.map((c: { firstName: string }) => c.firstName)).toEqual(['Diego', 'Isaiah', 'Patti']);
    expect(res.json[0]).toMatchObject({ firstName: 'Diego', lastName: 'Siciliani', company: { id: 251, identifier: 'FabrikamInc' } });
    expect(res.json[0].communicationItems[0]).toMatchObject({ communicationType: 'Email', value: 'diego.siciliani@fabrikam.example' });
  });

  it('has the Service Desk board with its five statuses, Resolved closed', async () => {
    expect((await cwFetch(sim, '/service/boards/1')).json).toMatchObject({ id: 1, name: 'Service Desk' });
    const statuses = (await cwFetch(sim, '/service/boards/1/statuses')).json;
    expect(statuses.map((s: { name: string }) => s.name)).toEqual(['New', 'In Progress', 'Waiting Approval', 'Escalated', 'Resolved']);
    expect(statuses.filter((s: { closedStatus: boolean }) => s.closedStatus).map((s: { name: string }) => s.name)).toEqual(['Resolved']);
    expect((await cwFetch(sim, '/service/boards/9/statuses')).status).toBe(404);
  });
});

describe('tickets', () => {
  it('creates a ticket, resolving the contact from contactEmailAddress', async () => {
    const res = await cwFetch(sim, '/service/tickets', { method: 'POST', body: mailboxTicket });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      summary: 'Mailbox almost full',
      company: { id: 250, identifier: 'ContosoLtd', name: 'Contoso Ltd' },
      board: { id: 1, name: 'Service Desk' },
      status: { name: 'New' },
      contact: { name: 'Megan Bowen' },
      contactEmailAddress: 'megan.bowen@contoso.example',
      closedFlag: false,
      _info: { lastUpdated: '2025-03-01T09:00:00Z', enteredBy: 'ticketfix-api' },
    });
    // CW keeps the description as the first discussion note, not on the ticket.
    expect(res.json.initialDescription).toBeUndefined();
    const notes = (await cwFetch(sim, `/service/tickets/${res.json.id}/notes`)).json;
    expect(notes).toEqual([expect.objectContaining({ text: 'My mailbox says it is 95% full.', detailDescriptionFlag: true })]);
    expect((await cwFetch(sim, `/service/tickets/${res.json.id}`)).json).toEqual(res.json);
  });

  it('rejects a ticket without summary or company with CW field errors', async () => {
    const res = await cwFetch(sim, '/service/tickets', { method: 'POST', body: { contactEmailAddress: 'x@y' } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('InvalidObject');
    expect(res.json.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        ['summary', 'NullOrEmpty'],
        ['company', 'NullOrEmpty'],
      ]),
    );
    expect((await cwFetch(sim, '/service/tickets', { method: 'POST', body: { summary: 's', company: { id: 999 } } })).json.errors[0].field).toBe('company');
    expect((await cwFetch(sim, '/service/tickets', { method: 'POST', body: '{not json' })).status).toBe(400);
    expect(sim.state.tickets).toHaveLength(0);
  });

  it('patches status with a JSON Patch array and keeps _info.lastUpdated current', async () => {
    const created = (await cwFetch(sim, '/service/tickets', { method: 'POST', body: mailboxTicket })).json;
    clock = new Date('2025-03-01T09:05:00Z');
    const resolved = sim.state.statuses.find((s) => s.name === 'Resolved')!;
    const res = await cwFetch(sim, `/service/tickets/${created.id}`, { method: 'PATCH', body: [{ op: 'replace', path: 'status', value: { id: resolved.id } }] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: { id: resolved.id, name: 'Resolved' }, closedFlag: true, closedDate: '2025-03-01T09:05:00Z', _info: { lastUpdated: '2025-03-01T09:05:00Z' } });
    const reopened = await cwFetch(sim, `/service/tickets/${created.id}`, { method: 'PATCH', body: [{ op: 'replace', path: '/status/id', value: 12 }] });
    expect(reopened.json).toMatchObject({ status: { name: 'In Progress' }, closedFlag: false });
    expect(reopened.json.closedDate).toBeUndefined();
  });

  it('answers 400 for a bad status id or a non-array patch and leaves the ticket alone', async () => {
    const created = (await cwFetch(sim, '/service/tickets', { method: 'POST', body: mailboxTicket })).json;
    const bad = await cwFetch(sim, `/service/tickets/${created.id}`, { method: 'PATCH', body: [{ op: 'replace', path: 'status', value: { id: 999 } }] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ field: 'status', message: expect.stringContaining('999') });
    expect((await cwFetch(sim, `/service/tickets/${created.id}`, { method: 'PATCH', body: { status: { id: 12 } } })).status).toBe(400);
    expect((await cwFetch(sim, `/service/tickets/${created.id}`, { method: 'PATCH', body: [{ op: 'replace', path: 'id', value: 1 }] })).status).toBe(400);
    expect(sim.ticket(created.id).status.name).toBe('New');
  });

  it('replaces a ticket with PUT and 404s unknown ids', async () => {
    const created = (await cwFetch(sim, '/service/tickets', { method: 'POST', body: mailboxTicket })).json;
    const res = await cwFetch(sim, `/service/tickets/${created.id}`, { method: 'PUT', body: { summary: 'Renamed', company: { identifier: 'contosoltd' }, status: { name: 'Escalated' } } });
    expect(res.json).toMatchObject({ id: created.id, summary: 'Renamed', status: { name: 'Escalated' }, _info: { dateEntered: created._info.dateEntered } });
    expect(res.json.contact).toBeUndefined();
    const missing = await cwFetch(sim, '/service/tickets/424242');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('NotFound');
  });

  it('filters with conditions and pages with page/pageSize and a Link header', async () => {
    for (let i = 0; i < 30; i++) sim.createTicket({ summary: `Ticket ${i}`, company: { id: i % 3 === 0 ? 251 : 250 } });
    const fab = await cwFetch(sim, '/service/tickets?pageSize=1000&conditions=' + encodeURIComponent('company/identifier="FabrikamInc" and closedFlag=false'));
    expect(fab.json).toHaveLength(10);
    const first = await cwFetch(sim, '/service/tickets');
    expect(first.json).toHaveLength(25);
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await cwFetch(sim, '/service/tickets?page=2');
    expect(second.json).toHaveLength(5);
    expect(second.headers.get('link')).not.toContain('rel="next"');
    expect((await cwFetch(sim, '/service/tickets?pageSize=5000')).json).toHaveLength(30);
    const bad = await cwFetch(sim, '/service/tickets?conditions=' + encodeURIComponent('summary ~ 1'));
    expect(bad.status).toBe(400);
  });
});
