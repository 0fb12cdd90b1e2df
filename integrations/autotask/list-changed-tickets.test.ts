import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listChangedTickets } from './list-changed-tickets.js';
import { autotaskTestSetup } from '../../test/support/autotask/test-kit.js';

let t: ReturnType<typeof autotaskTestSetup>;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  t = autotaskTestSetup();
  server.resetHandlers(...t.sim.handlers);
});

const pause = () => new Promise((r) => setTimeout(r, 3));

describe('listChangedTickets (reconcile)', () => {
  it('returns tickets with activity after `since` (updates and notes count), with their lastActivityDate', async () => {
    const quiet = t.sim.createTicket({ title: 'quiet', companyID: 250 });
    const noted = t.sim.createTicket({ title: 'noted', companyID: 250 });
    await pause();
    const since = new Date();
    await pause();
    const fresh = t.sim.createTicket({ title: 'fresh', companyID: 251 });
    t.sim.addNote(noted.id, { description: 'customer replied' });
    const changed = await listChangedTickets(t.client(), since);
    expect(changed).toEqual([
      { ticketId: String(noted.id), updatedAt: t.sim.ticket(noted.id).lastActivityDate },
      { ticketId: String(fresh.id), updatedAt: fresh.lastActivityDate },
    ]);
    expect(changed.map((c) => c.ticketId)).not.toContain(String(quiet.id));
    expect(t.sim.state.specViolations).toEqual([]);
  });

  it('pages past 500 results by id without nextPageUrl', async () => {
    const since = new Date(Date.now() - 1000);
    const ids = Array.from({ length: 503 }, (_, i) => t.sim.createTicket({ title: `t${i}`, companyID: 250 }).id);
    const changed = await listChangedTickets(t.client(), since);
    expect(changed.map((c) => Number(c.ticketId))).toEqual(ids);
    expect(t.sim.calls.filter((c) => c.path === '/Tickets/query')).toHaveLength(2);
  });
});
