import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_CONTACT_ID } from './seed-state.js';
import { PRIORITY, QUEUE, STATUS } from './entity-fields.js';
import { atFetch, newTestSimulator } from './test-kit.js';
import type { AutotaskSimulator } from './simulator.js';

let sim: AutotaskSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
});
afterEach(() => sim.faults.reset());

const newTicket = (over: Record<string, unknown> = {}) => ({ title: 'Mailbox almost full', companyID: 250, contactID: FIRST_CONTACT_ID, status: STATUS.NEW, priority: PRIORITY.MEDIUM, queueID: QUEUE.SERVICE_DESK, ...over });

describe('Tickets', () => {
  it('creates a ticket answering {itemId}, and reads it back as {item} with server-set fields', async () => {
    const created = await atFetch(sim, '/Tickets', { method: 'POST', body: newTicket({ description: 'Outlook says full' }) });
    expect(created).toMatchObject({ status: 200, json: { itemId: expect.any(Number) } });
    const read = await atFetch(sim, `/Tickets/${created.json.itemId}`);
    expect(read.json.item).toMatchObject({
      id: created.json.itemId,
      ticketNumber: expect.stringMatching(/^T\d{8}\.\d{4}$/),
      title: 'Mailbox almost full',
      description: 'Outlook says full',
      companyID: 250,
      contactID: FIRST_CONTACT_ID,
      status: STATUS.NEW,
      creatorResourceID: 29682884,
      lastActivityDate: expect.any(String),
      completedDate: null,
    });
  });

  it('answers {item: null} for an unknown id and refuses a non-numeric one', async () => {
    expect(await atFetch(sim, '/Tickets/999999')).toMatchObject({ status: 200, json: { item: null } });
    // The spec check sees the non-integer id first; without it the simulator's own binder refuses it.
    expect(await atFetch(sim, '/Tickets/abc')).toMatchObject({ status: 400, json: { errors: ['path.id: must be integer (got "abc")'] } });
    sim = newTestSimulator({ requestCheck: undefined });
    server.resetHandlers(...sim.handlers);
    expect((await atFetch(sim, '/Tickets/abc')).status).toBe(500);
  });

  it('refuses an invalid ticket with HTTP 500 and every problem in errors[]', async () => {
    const res = await atFetch(sim, '/Tickets', { method: 'POST', body: { title: '', companyID: 999, status: 42, contactID: FIRST_CONTACT_ID + 3 } });
    expect(res.status).toBe(500);
    expect(res.json.errors).toEqual(
      expect.arrayContaining([
        'Ticket.title is required.',
        'Ticket.priority is required.',
        'Ticket.status: 42 is not a valid picklist value.',
        'Ticket.companyID: company 999 does not exist.',
        expect.stringContaining('does not belong to company 999'),
      ]),
    );
    expect((await atFetch(sim, '/Tickets', { method: 'POST', body: newTicket({ status: STATUS.RETIRED }) })).json.errors).toEqual([expect.stringContaining('inactive')]);
    expect(sim.state.tickets).toHaveLength(0);
  });

  it('reads property names in any case, as the real model binder does', async () => {
    const res = await atFetch(sim, '/Tickets', { method: 'POST', body: { Title: 'Pascal', CompanyID: 251, Status: 1, Priority: 3 } });
    expect(sim.ticket(res.json.itemId)).toMatchObject({ title: 'Pascal', companyID: 251, priority: 3 });
  });

  it('PATCH changes only the supplied fields; PUT nulls the writable fields it omits', async () => {
    const id = sim.createTicket(newTicket({ description: 'keep me' })).id;
    expect(await atFetch(sim, '/Tickets', { method: 'PATCH', body: { id, status: STATUS.IN_PROGRESS } })).toMatchObject({ status: 200, json: { itemId: id } });
    expect(sim.ticket(id)).toMatchObject({ status: STATUS.IN_PROGRESS, description: 'keep me', queueID: QUEUE.SERVICE_DESK });
    await atFetch(sim, '/Tickets', { method: 'PUT', body: { id, title: 'Replaced', companyID: 250, status: STATUS.IN_PROGRESS, priority: PRIORITY.LOW } });
    expect(sim.ticket(id)).toMatchObject({ title: 'Replaced', description: null, queueID: null, contactID: null, priority: PRIORITY.LOW });
    const incomplete = await atFetch(sim, '/Tickets', { method: 'PUT', body: { id, title: 'No status' } });
    expect(incomplete.status).toBe(500);
    expect(incomplete.json.errors).toEqual(expect.arrayContaining(['Ticket.status is required.', 'Ticket.companyID is required.']));
    expect((await atFetch(sim, '/Tickets', { method: 'PATCH', body: { status: 8 } })).json.errors).toEqual([expect.stringContaining('body.id: is required')]);
  });

  it('stamps completion when a ticket is moved to Complete, and clears it when reopened', async () => {
    const id = sim.createTicket(newTicket()).id;
    await atFetch(sim, '/Tickets', { method: 'PATCH', body: { id, status: STATUS.COMPLETE }, impersonate: 29682886 });
    expect(sim.ticket(id)).toMatchObject({ completedDate: expect.any(String), completedByResourceID: 29682886, lastActivityResourceID: 29682886 });
    await atFetch(sim, '/Tickets', { method: 'PATCH', body: { id, status: STATUS.IN_PROGRESS } });
    expect(sim.ticket(id)).toMatchObject({ completedDate: null, completedByResourceID: null });
  });

  it('refuses PATCH with 405 when configured like the databases that do, leaving PUT working', async () => {
    sim = newTestSimulator({ ticketPatch: 'refuse' });
    server.resetHandlers(...sim.handlers);
    const t = sim.createTicket(newTicket());
    const res = await atFetch(sim, '/Tickets', { method: 'PATCH', body: { id: t.id, status: STATUS.IN_PROGRESS } });
    expect(res).toMatchObject({ status: 405, json: { errors: [expect.stringContaining("'PATCH'")] } });
    // The whole record as read carries read-only fields, which PUT refuses; the writable ones pass.
    const refused = await atFetch(sim, '/Tickets', { method: 'PUT', body: { ...t, status: STATUS.IN_PROGRESS } });
    expect(refused).toMatchObject({ status: 500, json: { errors: expect.arrayContaining([expect.stringContaining('read-only')]) } });
    const { createDate: _c, lastActivityDate: _l, creatorResourceID: _r, ...rest } = t as Record<string, unknown>;
    const writable = Object.fromEntries(Object.entries(rest).filter(([k]) => !/^(ticketNumber|createDate|lastActivity|creator|impersonator|completed|createdBy)/.test(k)));
    expect((await atFetch(sim, '/Tickets', { method: 'PUT', body: { ...writable, status: STATUS.IN_PROGRESS } })).status).toBe(200);
    expect(sim.ticket(t.id).status).toBe(STATUS.IN_PROGRESS);
  });
});

describe('Tickets/query', () => {
  it('filters with gt on lastActivityDate and other operators, ordered by id, projecting includeFields', async () => {
    const old = sim.createTicket(newTicket({ title: 'old' }));
    await new Promise((r) => setTimeout(r, 5));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const fresh = sim.createTicket(newTicket({ title: 'Fresh & new', companyID: 251, contactID: null }));
    sim.updateTicket(old.id, { priority: PRIORITY.HIGH });
    const res = await atFetch(sim, '/Tickets/query', { method: 'POST', body: { filter: [{ op: 'gt', field: 'lastActivityDate', value: since }], includeFields: ['lastActivityDate'] } });
    expect(res.json.items).toEqual([
      { id: old.id, lastActivityDate: sim.ticket(old.id).lastActivityDate },
      { id: fresh.id, lastActivityDate: fresh.lastActivityDate },
    ]);
    expect(res.json.pageDetails).toEqual({ count: 2, requestCount: 500, prevPageUrl: null, nextPageUrl: null });
    const or = await atFetch(sim, '/Tickets/query', {
      method: 'POST',
      body: { Filter: [{ op: 'or', items: [{ op: 'contains', field: 'title', value: 'FRESH' }, { op: 'eq', field: 'priority', value: PRIORITY.HIGH }] }, { op: 'exist', field: 'contactID' }] },
    });
    expect(or.json.items.map((t: { id: number }) => t.id)).toEqual([old.id]);
    const search = encodeURIComponent(JSON.stringify({ filter: [{ op: 'in', field: 'companyID', value: [251] }] }));
    expect((await atFetch(sim, `/Tickets/query?search=${search}`)).json.items.map((t: { id: number }) => t.id)).toEqual([fresh.id]);
    expect((await atFetch(sim, '/Tickets/query/count', { method: 'POST', body: { filter: [{ op: 'gte', field: 'id', value: 0 }] } })).json).toEqual({ queryCount: 2 });
  });

  it('refuses a query without filter or on an unknown field, and pages with nextPageUrl', async () => {
    expect((await atFetch(sim, '/Tickets/query', { method: 'POST', body: {} })).json.errors).toEqual([expect.stringContaining('at least one filter')]);
    expect((await atFetch(sim, '/Tickets/query', { method: 'POST', body: { filter: [{ op: 'eq', field: 'summary', value: 'x' }] } })).json.errors).toEqual(['Unable to find summary in the Ticket entity.']);
    for (let i = 0; i < 5; i++) sim.createTicket(newTicket({ title: `t${i}` }));
    const first = await atFetch(sim, '/Tickets/query', { method: 'POST', body: { filter: [{ op: 'exist', field: 'id' }], maxRecords: 2 } });
    expect(first.json.items).toHaveLength(2);
    const seen = [...first.json.items];
    let next: string | null = first.json.pageDetails.nextPageUrl;
    while (next) {
      const page = await atFetch(sim, next.slice(sim.baseUrl.length));
      seen.push(...page.json.items);
      next = page.json.pageDetails.nextPageUrl;
    }
    expect(seen.map((t) => t.title)).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });
});

describe('entityInformation', () => {
  it('serves ticket picklists (status labels, queues, priorities) and which fields webhooks support', async () => {
    const { json } = await atFetch(sim, '/Tickets/entityInformation/fields');
    const byName = Object.fromEntries(json.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.status.picklistValues.map((p: { value: string; label: string }) => [p.value, p.label])).toEqual(
      expect.arrayContaining([
        ['1', 'New'],
        ['8', 'In Progress'],
        ['13', 'Waiting Approval'],
        ['11', 'Escalated'],
        ['5', 'Complete'],
      ]),
    );
    expect(byName.queueID).toMatchObject({ isPickList: true, isSupportedWebhookField: true });
    expect(byName.description.isSupportedWebhookField).toBe(false);
    const notes = await atFetch(sim, '/TicketNotes/entityInformation/fields');
    const publish = notes.json.fields.find((f: { name: string }) => f.name === 'publish');
    expect(publish.picklistValues.map((p: { label: string }) => p.label)).toEqual(['All Autotask Users', 'Internal Project Team', 'Internal & Co-Managed']);
  });
});

describe('directory', () => {
  it('serves the demo companies (psaId as company id) and one contact per demo user, findable by e-mail', async () => {
    expect((await atFetch(sim, '/Companies/251')).json.item).toEqual({ id: 251, companyName: 'Fabrikam Inc', companyNumber: 'FabrikamInc', companyType: 1, isActive: true });
    const q = await atFetch(sim, '/Contacts/query', { method: 'POST', body: { filter: [{ op: 'eq', field: 'emailAddress', value: 'Diego.Siciliani@fabrikam.example' }] } });
    expect(q.json.items).toEqual([{ id: FIRST_CONTACT_ID + 3, companyID: 251, firstName: 'Diego', lastName: 'Siciliani', emailAddress: 'diego.siciliani@fabrikam.example', isActive: 1 }]);
    expect((await atFetch(sim, '/Resources/29682884')).json.item).toMatchObject({ userName: sim.authHeaders().UserName, isActive: true });
  });
});
