import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectWiseTestSetup } from '../../test/support/connectwise/test-kit.js';
import { connectWiseDoctor } from './doctor.js';
import { CW_TEST_MEMBER } from '../../mocks/connectwise/test-kit.js';
import { installConnectWiseCallback } from './callback-registration.js';
import { listChangedTickets } from './list-changed-tickets.js';

const kit = connectWiseTestSetup();
const server = setupServer(...kit.sim.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => kit.sim.faults.reset());
afterAll(() => server.close());

const WEBHOOK = 'https://app.example.test/webhooks/connectwise/cw-test';

describe('connectWiseDoctor', () => {
  it('says exactly what is missing, then passes once installed', async () => {
    const before = await connectWiseDoctor(kit.client(), kit.installation, WEBHOOK);
    const callback = before.find((c) => c.name === 'ticket callback registered')!;
    expect(callback.ok).toBe(false);
    expect(callback.detail).toContain(`no callback points at ${WEBHOOK}`);
    expect(before.filter((c) => c.name !== 'ticket callback registered').every((c) => c.ok)).toBe(true);

    await installConnectWiseCallback({ client: kit.client(), callbackUrl: WEBHOOK });
    const after = await connectWiseDoctor(kit.client(), kit.installation, WEBHOOK);
    expect(after.every((c) => c.ok)).toBe(true);
  });

  it('names the permission when ConnectWise answers 403, and the keys on 401', async () => {
    kit.sim.faults.failNext(1, { path: '/service/tickets', method: 'GET', status: 403 });
    const checks = await connectWiseDoctor(kit.client(), kit.installation, WEBHOOK);
    expect(checks.find((c) => c.name === 'tickets readable')?.detail).toContain('lacks Service Desk > Service Tickets');
    kit.sim.faults.failNext(1, { path: '/service/boards', method: 'GET', status: 401 });
    const keys = await connectWiseDoctor(kit.client(), kit.installation, WEBHOOK);
    expect(keys[0]?.detail).toContain('rejected the API keys');
  });

  it('names a missing status by name', async () => {
    const statuses = { ...kit.installation.statuses, resolved: 'Closed (Automated)' };
    const checks = await connectWiseDoctor(kit.client(), { ...kit.installation, statuses }, WEBHOOK);
    expect(checks.find((c) => c.name.startsWith('statuses on board'))?.detail).toContain("no status named 'Closed (Automated)'");
  });
});

describe('listChangedTickets', () => {
  it('returns only tickets changed after the given time', async () => {
    const older = kit.sim.createTicket({ summary: 'old', company: { id: 250 }, board: { id: 1 } }, { by: CW_TEST_MEMBER });
    await new Promise((r) => setTimeout(r, 1100));
    const since = new Date();
    await new Promise((r) => setTimeout(r, 1100));
    const newer = kit.sim.createTicket({ summary: 'new', company: { id: 250 }, board: { id: 1 } }, { by: CW_TEST_MEMBER });
    const changed = await listChangedTickets(kit.client(), since);
    const ids = changed.map((c) => c.ticketId);
    expect(ids).toContain(String(newer.id));
    expect(ids).not.toContain(String(older.id));
  });
});
