import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { ConnectWisePsaAdapter } from './connectwise-psa-adapter.js';
import { connectWiseTestSetup } from '../../test/support/connectwise/test-kit.js';

let t: ReturnType<typeof connectWiseTestSetup>;
let adapter: ConnectWisePsaAdapter;
let ticketId: string;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  t = connectWiseTestSetup();
  server.resetHandlers(...t.sim.handlers);
  adapter = new ConnectWisePsaAdapter({ installation: t.installation, clientOptions: t.clientOptions });
  ticketId = String(
    t.sim.createTicket({ summary: 'Mailbox almost full', company: { id: 250 }, contactEmailAddress: 'megan.bowen@contoso.example', initialDescription: 'Outlook says my mailbox is full' }).id,
  );
  t.sim.state.calls.length = 0;
});
afterEach(() => t.sim.faults.reset());

const statusGets = () => t.sim.calls.filter((c) => c.path.endsWith('/statuses')).length;

describe('ConnectWisePsaAdapter.getTicket', () => {
  it('re-reads and maps the ticket, with the first discussion note as description', async () => {
    expect(await adapter.getTicket(ticketId)).toEqual({
      psa: 'connectwise',
      id: ticketId,
      summary: 'Mailbox almost full',
      description: 'Outlook says my mailbox is full',
      companyId: '250',
      companyName: 'Contoso Ltd',
      contactEmail: 'megan.bowen@contoso.example',
      contactName: 'Megan Bowen',
      statusName: 'New',
      boardId: '1',
      closed: false,
      updatedAt: t.sim.ticket(Number(ticketId))._info.lastUpdated,
    });
    expect(adapter.psa).toBe('connectwise');
    expect(adapter.installationId).toBe('acme');
  });

  it('throws OutsideApiError 404 for an unknown ticket and refuses non-numeric ids without calling', async () => {
    await expect(adapter.getTicket('999999')).rejects.toMatchObject({ name: 'OutsideApiError', status: 404, retryable: false });
    await expect(adapter.getTicket('1/../../system/callbacks')).rejects.toBeInstanceOf(OutsideApiError);
    expect(t.sim.calls.map((c) => c.path)).toEqual(['/service/tickets/999999']);
  });
});

describe('notes', () => {
  it.each([
    ['internal', { internalAnalysisFlag: true, detailDescriptionFlag: false, resolutionFlag: false }],
    ['customer', { internalAnalysisFlag: false, detailDescriptionFlag: true, resolutionFlag: false }],
    ['resolution', { internalAnalysisFlag: false, detailDescriptionFlag: true, resolutionFlag: true }],
  ] as const)('adds a %s note with the right flags and the marker in the text', async (visibility, flags) => {
    const { id } = await adapter.addNote(ticketId, { text: 'Quota raised to 60 GB.', visibility, marker: '[tf:run-1:note]' });
    const stored = t.sim.state.notes.find((n) => String(n.id) === id)!;
    expect(stored).toMatchObject({ ...flags, member: { identifier: 'ticketfix-api' } });
    expect(stored.text).toBe('Quota raised to 60 GB.\n\n[tf:run-1:note]');
  });

  it('finds a note by marker, or returns null', async () => {
    const { id } = await adapter.addNote(ticketId, { text: 'done [tf:abc]', visibility: 'internal', marker: '[tf:abc]' });
    expect(t.sim.state.notes.find((n) => String(n.id) === id)!.text).toBe('done [tf:abc]');
    expect(await adapter.findNote(ticketId, '[tf:abc]')).toEqual({ id });
    expect(await adapter.findNote(ticketId, '[tf:other]')).toBeNull();
  });

  it('does not repeat a note POST that got a 500: the caller checks findNote instead', async () => {
    t.sim.faults.failNext(1, { method: 'POST' });
    await expect(adapter.addNote(ticketId, { text: 'x', visibility: 'internal', marker: '[m1]' })).rejects.toMatchObject({ status: 500, ambiguous: true });
    expect(t.sim.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(await adapter.findNote(ticketId, '[m1]')).toBeNull();
  });
});

describe('setStatus', () => {
  it('resolves the status id by name on the ticket board, caching the board statuses', async () => {
    await adapter.setStatus(ticketId, 'In Progress');
    expect(t.sim.ticket(Number(ticketId)).status.name).toBe('In Progress');
    await adapter.setStatus(ticketId, 'resolved');
    expect(t.sim.ticket(Number(ticketId))).toMatchObject({ status: { name: 'Resolved' }, closedFlag: true });
    expect(statusGets()).toBe(1);
    expect(t.sim.calls.filter((c) => c.method === 'PATCH')).toHaveLength(2);
  });

  it('writes nothing when the ticket already has the status', async () => {
    await adapter.setStatus(ticketId, 'New');
    expect(t.sim.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('refreshes a stale cached id once when ConnectWise rejects it', async () => {
    await adapter.setStatus(ticketId, 'Escalated');
    // The admin deletes and re-creates "In Progress": same name, new id.
    const inProgress = t.sim.state.statuses.find((s) => s.name === 'In Progress')!;
    inProgress.id = 77;
    await adapter.setStatus(ticketId, 'In Progress');
    expect(t.sim.ticket(Number(ticketId)).status).toMatchObject({ id: 77, name: 'In Progress' });
    expect(t.sim.calls.filter((c) => c.method === 'PATCH').map((c) => c.status)).toEqual([200, 400, 200]);
    expect(statusGets()).toBe(2);
  });

  it('throws a non-retryable error for a status name the board does not have', async () => {
    const err = (await adapter.setStatus(ticketId, 'Awaiting Parts').catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toBeInstanceOf(OutsideApiError);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain("'Awaiting Parts'");
    expect(t.sim.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('after reading the ticket, writes the status without reading the ticket again (its board is remembered)', async () => {
    await adapter.getTicket(ticketId);
    t.sim.state.calls.length = 0;
    await adapter.setStatus(ticketId, 'Resolved');
    expect(t.sim.ticket(Number(ticketId)).status.name).toBe('Resolved');
    expect(t.sim.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /service/boards/1/statuses', `PATCH /service/tickets/${ticketId}`]);
  });

  it('falls back to reading the ticket when ConnectWise refuses the status id picked from the remembered board', async () => {
    await adapter.setStatus(ticketId, 'Escalated');
    await adapter.getTicket(ticketId);
    // The admin re-creates "In Progress" meanwhile: the cached id is refused with a 400.
    t.sim.state.statuses.find((s) => s.name === 'In Progress')!.id = 78;
    t.sim.state.calls.length = 0;
    await adapter.setStatus(ticketId, 'In Progress');
    expect(t.sim.ticket(Number(ticketId)).status).toMatchObject({ id: 78, name: 'In Progress' });
    expect(t.sim.calls.some((c) => c.method === 'GET' && c.path === `/service/tickets/${ticketId}`)).toBe(true);
  });

  it('retries the status write through a 429 and 500 (a PATCH to a value is repeatable)', async () => {
    t.sim.faults.throttleNext(1, { method: 'PATCH' });
    t.sim.faults.failNext(1, { method: 'PATCH' });
    await adapter.setStatus(ticketId, 'Escalated');
    expect(t.sim.ticket(Number(ticketId)).status.name).toBe('Escalated');
    expect(t.sim.calls.filter((c) => c.method === 'PATCH').map((c) => c.status)).toEqual([429, 500, 200]);
  });
});

describe('time entries', () => {
  it('charges time to the ticket as the API member and finds it by marker', async () => {
    const { id } = await adapter.addTimeEntry(ticketId, { minutes: 15, notes: 'Raised mailbox quota', start: '2025-03-01T09:00:00.000Z', marker: '[tf:run-1:time]' });
    const stored = t.sim.state.timeEntries.find((e) => String(e.id) === id)!;
    expect(stored).toMatchObject({
      chargeToType: 'ServiceTicket',
      chargeToId: Number(ticketId),
      member: { identifier: 'ticketfix-api' },
      timeStart: '2025-03-01T09:00:00Z',
      timeEnd: '2025-03-01T09:15:00Z',
      actualHours: 0.25,
      notes: 'Raised mailbox quota\n\n[tf:run-1:time]',
    });
    expect(await adapter.findTimeEntry(ticketId, '[tf:run-1:time]')).toEqual({ id });
    expect(await adapter.findTimeEntry(ticketId, '[tf:nope]')).toBeNull();
  });

  it('rejects a nonsensical entry before calling ConnectWise', async () => {
    await expect(adapter.addTimeEntry(ticketId, { minutes: 0, notes: 'x', start: '2025-03-01T09:00:00Z', marker: 'm' })).rejects.toBeInstanceOf(OutsideApiError);
    await expect(adapter.addTimeEntry(ticketId, { minutes: 5, notes: 'x', start: 'soon', marker: 'm' })).rejects.toBeInstanceOf(OutsideApiError);
    expect(t.sim.calls).toHaveLength(0);
  });
});
