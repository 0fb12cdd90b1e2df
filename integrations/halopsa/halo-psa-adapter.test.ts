import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_USER_ID } from '../../mocks/halopsa/seed-state.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { HaloPsaAdapter } from './halo-psa-adapter.js';
import { haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';

let t: HaloTestSetup;
let adapter: HaloPsaAdapter;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  t = haloTestSetup();
  server.resetHandlers(...t.sim.handlers);
  adapter = new HaloPsaAdapter({ installation: t.installation, client: t.client() });
});
afterEach(() => {
  expect(t.sim.state.specViolations).toEqual([]);
  t.sim.faults.reset();
});

const apiCalls = () => t.sim.calls.filter((c) => c.path !== '/AuthInfo' && c.path !== '/auth/token').map((c) => `${c.method} ${c.path}`);
const newTicket = () => t.sim.createTicket({ summary: 'Mailbox almost full', details: 'Outlook says my mailbox is full', user_id: FIRST_USER_ID });

describe('getTicket', () => {
  it("re-reads the ticket and takes the contact's email from the user record", async () => {
    const created = newTicket();
    const ticket = await adapter.getTicket(String(created.id));
    expect(ticket).toEqual({
      psa: 'halopsa',
      id: String(created.id),
      summary: 'Mailbox almost full',
      description: 'Outlook says my mailbox is full',
      companyId: '250',
      companyName: 'Contoso Ltd',
      contactEmail: 'megan.bowen@contoso.example',
      contactName: 'Megan Bowen',
      statusName: 'New',
      boardId: '1',
      closed: false,
      updatedAt: new Date(`${created.last_update}Z`).toISOString(),
    });
    expect(apiCalls()).toEqual([`GET /Tickets/${created.id}`, `GET /Users/${FIRST_USER_ID}`]);
  });

  it('reads no user for a ticket without one, and reports closed tickets', async () => {
    const created = t.sim.createTicket({ summary: 'x', client_id: 251, status_id: 9 });
    const ticket = await adapter.getTicket(String(created.id));
    expect(ticket).toMatchObject({ companyId: '251', closed: true, statusName: 'Closed' });
    expect(ticket.contactEmail).toBeUndefined();
    expect(apiCalls()).toEqual([`GET /Tickets/${created.id}`]);
  });

  it('refuses ids that are not positive integers without calling Halo, and surfaces 404', async () => {
    for (const bad of ['0', '-1', 'abc', '1/../2', '']) await expect(adapter.getTicket(bad)).rejects.toThrow(/positive integer/);
    expect(t.sim.calls).toEqual([]);
    await expect(adapter.getTicket('4242')).rejects.toMatchObject({ status: 404 });
  });
});

describe('notes', () => {
  it('adds internal notes hidden from the user and customer/resolution notes visible, each with its marker', async () => {
    const { id } = newTicket();
    await adapter.addNote(String(id), { text: 'Found 95% used', visibility: 'internal', marker: '[ticketfix:r1:internal]' });
    await adapter.addNote(String(id), { text: 'We increased your quota', visibility: 'customer', marker: '[ticketfix:r1:customer]' });
    await adapter.addNote(String(id), { text: 'Quota raised to 60 GB [ticketfix:r1:resolution]', visibility: 'resolution', marker: '[ticketfix:r1:resolution]' });
    expect(t.sim.actionsFor(id).map((a) => [a.outcome, a.hiddenfromuser, a.sendemail, a.note, a.who_agentid])).toEqual([
      ['Private Note', true, false, 'Found 95% used\n\n[ticketfix:r1:internal]', 35],
      ['Note', false, false, 'We increased your quota\n\n[ticketfix:r1:customer]', 35],
      ['Resolution', false, false, 'Quota raised to 60 GB [ticketfix:r1:resolution]', 35],
    ]);
  });

  it('finds a note by its marker, and only that one', async () => {
    const { id } = newTicket();
    const added = await adapter.addNote(String(id), { text: 'x', visibility: 'internal', marker: '[ticketfix:r1:resolution]' });
    expect(await adapter.findNote(String(id), '[ticketfix:r1:resolution]')).toEqual(added);
    expect(await adapter.findNote(String(id), '[ticketfix:r2:resolution]')).toBeNull();
  });
});

describe('statuses by name', () => {
  it('resolves names (any case) to the non-sequential ids from GET /Status, cached across calls', async () => {
    const { id } = newTicket();
    await adapter.setStatus(String(id), 'In Progress');
    expect(t.sim.ticket(id).status_id).toBe(2);
    await adapter.setStatus(String(id), 'waiting approval');
    expect(t.sim.ticket(id).status_id).toBe(21);
    await adapter.setStatus(String(id), 'Resolved');
    expect(t.sim.ticket(id)).toMatchObject({ status_id: 8, hasbeenclosed: true });
    expect(apiCalls()).toEqual(['GET /Status', 'POST /Tickets', 'POST /Tickets', 'POST /Tickets']);
  });

  it('looks again once for a status added since the cache filled, then names a missing one', async () => {
    const { id } = newTicket();
    await adapter.setStatus(String(id), 'In Progress');
    t.sim.state.statuses.push({ id: 30, name: 'Awaiting Parts', shortname: 'PARTS', type: 0, sequence: 9, colour: '#000' });
    await adapter.setStatus(String(id), 'Awaiting Parts');
    expect(t.sim.ticket(id).status_id).toBe(30);
    const err = await adapter.setStatus(String(id), 'Nonexistent').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect((err as Error).message).toContain("no ticket status named 'Nonexistent'");
  });

  it('refreshes the cache when Halo rejects a cached status id', async () => {
    const { id } = newTicket();
    await adapter.setStatus(String(id), 'In Progress');
    // Escalated is renumbered in Halo after the cache filled.
    const escalated = t.sim.state.statuses.find((s) => s.name === 'Escalated')!;
    escalated.id = 23;
    await adapter.setStatus(String(id), 'Escalated');
    expect(t.sim.ticket(id).status_id).toBe(23);
    expect(apiCalls().filter((c) => c === 'GET /Status')).toHaveLength(2);
  });
});

describe('time entries', () => {
  it('records minutes as hours on a hidden action with the marker, and finds it by marker', async () => {
    const { id } = newTicket();
    const added = await adapter.addTimeEntry(String(id), { minutes: 15, notes: 'Automated remediation', start: '2026-03-01T09:00:00Z', marker: '[ticketfix:r1:resolution-time]' });
    expect(t.sim.actionsFor(id)).toEqual([expect.objectContaining({ timetaken: 0.25, hiddenfromuser: true, note: 'Automated remediation\n\n[ticketfix:r1:resolution-time]' })]);
    expect(await adapter.findTimeEntry(String(id), '[ticketfix:r1:resolution-time]')).toEqual(added);
    // A note carrying the same text is not a time entry.
    await adapter.addNote(String(id), { text: 'x', visibility: 'internal', marker: '[ticketfix:r9:resolution-time]' });
    expect(await adapter.findTimeEntry(String(id), '[ticketfix:r9:resolution-time]')).toBeNull();
  });

  it('refuses impossible entries without calling Halo', async () => {
    const { id } = newTicket();
    for (const minutes of [0, -5, 24 * 60 + 1]) {
      await expect(adapter.addTimeEntry(String(id), { minutes, notes: 'x', start: '2026-03-01T09:00:00Z', marker: 'm' })).rejects.toThrow(/minutes/);
    }
    expect(t.sim.calls).toEqual([]);
  });
});

describe('API calls per resolved ticket', () => {
  it('counts getTicket + resolution note + status + time entry', async () => {
    const { id } = newTicket();
    const seen: string[] = [];
    const counted = new HaloPsaAdapter({ installation: t.installation, client: t.client({ onAttempt: (a) => seen.push(`${a.system} ${a.method} ${a.path}`) }) });
    await counted.getTicket(String(id));
    await counted.addNote(String(id), { text: 'Done', visibility: 'resolution', marker: '[ticketfix:r1:resolution]' });
    await counted.setStatus(String(id), 'Resolved');
    await counted.addTimeEntry(String(id), { minutes: 5, notes: 'auto', start: '2026-03-01T09:00:00Z', marker: '[ticketfix:r1:resolution-time]' });
    expect(seen).toEqual([
      'halopsa GET /AuthInfo',
      'halopsa-auth POST /token',
      `halopsa GET /Tickets/${id}`,
      `halopsa GET /Users/${FIRST_USER_ID}`,
      'halopsa POST /Actions',
      'halopsa GET /Status',
      'halopsa POST /Tickets',
      'halopsa POST /Actions',
    ]);
    // 6 resource-server calls per resolved ticket on a warm adapter (5 once statuses are cached),
    // plus discovery and a token once per process and token lifetime.
  });
});
