import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoWorld } from '../demo-data.js';
import { newSpecCheckedSimulator } from './conformance-kit.js';
import { FIRST_USER_ID } from './seed-state.js';
import type { HaloSimulator } from './simulator.js';
import { haloFetch } from './test-kit.js';

let sim: HaloSimulator;
let clock: Date;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  clock = new Date('2026-03-01T09:00:00.000Z');
  sim = newSpecCheckedSimulator({ now: () => clock });
  server.resetHandlers(...sim.handlers);
});

const megan = FIRST_USER_ID; // megan.bowen@contoso.example, client 250

describe('seeded demo world', () => {
  it('has one Halo client per demo company (id = psaId) and one user per demo user with the same email', async () => {
    const world = demoWorld();
    for (const c of world.companies) expect((await haloFetch(sim, `/Client/${c.psaId}`)).json).toMatchObject({ id: c.psaId, name: c.name });
    for (const [i, u] of world.users.entries()) {
      const company = world.companies.find((c) => c.clientId === u.clientId)!;
      expect((await haloFetch(sim, `/Users/${FIRST_USER_ID + i}`)).json).toMatchObject({ emailaddress: u.email, client_id: company.psaId, name: u.displayName });
    }
    expect((await haloFetch(sim, '/Users/999')).status).toBe(404);
  });

  it('lists statuses with their ids, closed ones last', async () => {
    const res = await haloFetch(sim, '/Status');
    expect(res.json.map((s: { name: string }) => s.name)).toEqual(['New', 'In Progress', 'Waiting on User', 'Waiting Approval', 'Escalated', 'Resolved', 'Closed']);
    expect((await haloFetch(sim, '/Status?excludeclosed=true')).json.map((s: { name: string }) => s.name)).not.toContain('Resolved');
  });
});

describe('POST /Tickets upserts (array body)', () => {
  it('creates without an id, filling client and site from the user, and reads it back', async () => {
    const created = await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ summary: 'Mailbox full', details: 'Cannot send mail', user_id: megan }] });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ id: 1000, summary: 'Mailbox full', client_id: 250, client_name: 'Contoso Ltd', user_id: megan, site_id: 2500, status_id: 1, status_name: 'New', hasbeenclosed: false });
    expect(created.json.last_update).toBe('2026-03-01T09:00:00.000');
    expect((await haloFetch(sim, '/Tickets/1000?includedetails=true')).json).toEqual(created.json);
  });

  it('updates status by id, logs the status change as an action, and closes on a closed status', async () => {
    const t = sim.createTicket({ summary: 'x', client_id: 250 });
    clock = new Date('2026-03-01T09:05:00.000Z');
    const res = await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ id: t.id, status_id: 8 }] });
    expect(res.json).toMatchObject({ id: t.id, status_id: 8, status_name: 'Resolved', hasbeenclosed: true, dateclosed: '2026-03-01T09:05:00.000', last_update: '2026-03-01T09:05:00.000' });
    expect(sim.actionsFor(t.id)).toEqual([expect.objectContaining({ outcome: 'Status Change', new_status: 8, who: 'TicketFix API', note: 'Status changed from New to Resolved' })]);
    const reopened = await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ id: t.id, status_id: 2 }] });
    expect(reopened.json).toMatchObject({ hasbeenclosed: false });
    expect(reopened.json).not.toHaveProperty('dateclosed');
  });

  it('answers several records with an array', async () => {
    const res = await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ summary: 'a', client_id: 250 }, { summary: 'b', client_id: 251 }] });
    expect(res.json.map((t: { summary: string }) => t.summary)).toEqual(['a', 'b']);
  });

  it.each([
    ['no summary', [{ client_id: 250 }], 400],
    ['no client or user', [{ summary: 'x' }], 400],
    ['an unknown client', [{ summary: 'x', client_id: 9 }], 400],
    ['an unknown status', [{ summary: 'x', client_id: 250, status_id: 77 }], 400],
    ['an unknown ticket id', [{ id: 4242, status_id: 2 }], 404],
  ])('refuses %s', async (_label, body, status) => {
    const res = await haloFetch(sim, '/Tickets', { method: 'POST', body });
    expect(res.status).toBe(status);
    expect(res.json.message).toEqual(expect.any(String));
    expect(sim.state.tickets).toHaveLength(0);
  });
});

describe('GET /Tickets filters', () => {
  beforeEach(() => {
    for (const [i, c] of [250, 251, 250].entries()) {
      clock = new Date(Date.UTC(2026, 2, 1, 10 + i));
      sim.createTicket({ summary: `t${i}`, client_id: c });
    }
  });

  it('filters by a documented date column with datesearch + startdate (dates without an offset are UTC); refuses undocumented ones', async () => {
    const since = await haloFetch(sim, '/Tickets?datesearch=dateoccured&startdate=2026-03-01T11:00:00');
    expect(since.json).toMatchObject({ record_count: 2 });
    expect(since.json.tickets.map((t: { summary: string }) => t.summary)).toEqual(['t1', 't2']);
    const window = await haloFetch(sim, `/Tickets?datesearch=dateoccured&startdate=${encodeURIComponent('2026-03-01T10:30:00Z')}&enddate=${encodeURIComponent('2026-03-01T11:30:00Z')}`);
    expect(window.json.tickets.map((t: { summary: string }) => t.summary)).toEqual(['t1']);
    expect((await haloFetch(sim, '/Tickets?datesearch=nonsense&startdate=2026-03-01')).status).toBe(400);
    // Not in the spec's examples: the stricter reading refuses it.
    expect((await haloFetch(sim, '/Tickets?datesearch=lastupdate&startdate=2026-03-01')).status).toBe(400);
  });

  it('filters by client, orders, and paginates with page_size capped at 100', async () => {
    expect((await haloFetch(sim, '/Tickets?client_id=250')).json.record_count).toBe(2);
    expect((await haloFetch(sim, '/Tickets?order=id&orderdesc=true')).json.tickets.map((t: { summary: string }) => t.summary)).toEqual(['t2', 't1', 't0']);
    const page = await haloFetch(sim, '/Tickets?pageinate=true&page_size=2&page_no=2');
    expect(page.json).toMatchObject({ page_no: 2, page_size: 2, record_count: 3 });
    expect(page.json.tickets).toHaveLength(1);
    expect((await haloFetch(sim, '/Tickets?pageinate=true&page_size=500')).json.page_size).toBe(100);
  });
});

describe('actions', () => {
  it('adds notes (hidden or visible), time in hours, and a status change; lists them by ticket', async () => {
    const t = sim.createTicket({ summary: 'x', user_id: megan });
    const note = await haloFetch(sim, '/Actions', { method: 'POST', body: [{ ticket_id: t.id, outcome: 'Private Note', note: 'internal [m1]', hiddenfromuser: true, sendemail: false }] });
    expect(note.json).toMatchObject({ ticket_id: t.id, outcome: 'Private Note', outcome_id: 7, hiddenfromuser: true, who_agentid: 35, who_type: 1 });
    await haloFetch(sim, '/Actions', { method: 'POST', body: [{ ticket_id: t.id, note_html: '<p>Fixed<br>done</p>', hiddenfromuser: false, timetaken: 0.25, new_status: 8 }] });
    const list = await haloFetch(sim, `/Actions?ticket_id=${t.id}`);
    expect(list.json.record_count).toBe(2);
    expect(list.json.actions[1]).toMatchObject({ note: 'Fixed\ndone', timetaken: 0.25, new_status: 8, new_status_name: 'Resolved', hiddenfromuser: false });
    expect(sim.ticket(t.id)).toMatchObject({ status_id: 8, hasbeenclosed: true });
    expect((await haloFetch(sim, `/Actions?ticket_id=${t.id}&excludeprivate=true`)).json.record_count).toBe(1);
  });

  it.each([
    ['no ticket', [{ note: 'x' }], 400],
    ['an unknown ticket', [{ ticket_id: 4242, note: 'x' }], 404],
    ['no note', [{ ticket_id: 1000 }], 400],
    ['negative time', [{ ticket_id: 1000, note: 'x', timetaken: -1 }], 400],
    ['an unknown outcome id', [{ ticket_id: 1000, note: 'x', outcome_id: 999 }], 400],
  ])('refuses %s', async (_label, body, status) => {
    sim.createTicket({ summary: 'x', client_id: 250 });
    expect((await haloFetch(sim, '/Actions', { method: 'POST', body })).status).toBe(status);
    expect(sim.state.actions).toHaveLength(0);
  });
});
