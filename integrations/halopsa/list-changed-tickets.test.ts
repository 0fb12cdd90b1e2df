import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listChangedTickets } from './list-changed-tickets.js';
import { haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';

let t: HaloTestSetup;
let clock: number;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  clock = Date.UTC(2026, 2, 1, 8);
  t = haloTestSetup({ sim: { now: () => new Date(clock) } });
  server.resetHandlers(...t.sim.handlers);
});

describe('listChangedTickets', () => {
  it('returns tickets changed at or after `since`, oldest first, with ISO times', async () => {
    const old = t.sim.createTicket({ summary: 'old', client_id: 250 });
    clock += 60 * 60_000;
    const since = new Date(clock);
    const fresh = t.sim.createTicket({ summary: 'new', client_id: 251 });
    clock += 60_000;
    t.sim.updateTicket(old.id, { status_id: 2 });
    const changed = await listChangedTickets(t.client(), since);
    expect(changed).toEqual([
      { ticketId: String(fresh.id), updatedAt: '2026-03-01T09:00:00.000Z' },
      { ticketId: String(old.id), updatedAt: '2026-03-01T09:01:00.000Z' },
    ]);
    // The undocumented datesearch value is refused; the documented ordering is used instead.
    const asked = t.sim.calls.filter((c) => c.path === '/Tickets').map((c) => [new URLSearchParams(c.query).get('datesearch'), new URLSearchParams(c.query).get('order'), c.status]);
    expect(asked).toEqual([['lastupdate', 'last_update', 400], [null, 'last_update', 200]]);
    expect(new URLSearchParams(t.sim.calls.at(-1)!.query).get('orderdesc')).toBe('true');
    expect(t.sim.state.specViolations).toEqual([]);
  });

  it('reads newest first and stops at the first page that reaches back before `since`', async () => {
    for (let i = 0; i < 150; i++) t.sim.createTicket({ summary: `old${i}`, client_id: 250 });
    clock += 60 * 60_000;
    const since = new Date(clock);
    for (let i = 0; i < 30; i++) t.sim.createTicket({ summary: `new${i}`, client_id: 250 });
    const changed = await listChangedTickets(t.client(), since);
    expect(changed).toHaveLength(30);
    expect(t.sim.calls.filter((c) => c.path === '/Tickets' && c.status === 200).map((c) => new URLSearchParams(c.query).get('page_no'))).toEqual(['1']);
  });

  it('pages through more than 100 changed tickets', async () => {
    const since = new Date(clock);
    for (let i = 0; i < 230; i++) t.sim.createTicket({ summary: `t${i}`, client_id: 250 });
    const changed = await listChangedTickets(t.client(), since);
    expect(changed).toHaveLength(230);
    expect(new Set(changed.map((c) => c.ticketId)).size).toBe(230);
    expect(t.sim.calls.filter((c) => c.path === '/Tickets' && c.status === 200).map((c) => new URLSearchParams(c.query).get('page_no'))).toEqual(['1', '2', '3']);
  });
});
