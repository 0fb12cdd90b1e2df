import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_CONTACT_ID, HELP_DESK_ROLE_ID, ENGINEER_ROLE_ID, TECHNICIAN_RESOURCE_ID } from '../../mocks/autotask/seed-state.js';
import { NOTE_TYPE, PUBLISH, STATUS } from '../../mocks/autotask/entity-fields.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { AutotaskPsaAdapter } from './autotask-psa-adapter.js';
import { autotaskTestSetup, type AutotaskTestSetupOptions } from '../../test/support/autotask/test-kit.js';

let t: ReturnType<typeof autotaskTestSetup>;
let adapter: AutotaskPsaAdapter;
let ticketId: string;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function use(o: AutotaskTestSetupOptions = {}) {
  t = autotaskTestSetup(o);
  server.resetHandlers(...t.sim.handlers);
  adapter = new AutotaskPsaAdapter({ installation: t.installation, clientOptions: t.clientOptions });
  ticketId = String(t.sim.createTicket({ title: 'Mailbox almost full', description: 'Outlook says my mailbox is full', companyID: 250, contactID: FIRST_CONTACT_ID, queueID: 29683481 }).id);
  t.sim.state.calls.length = 0;
}
beforeEach(() => use());
afterEach(() => {
  // Every request the adapter sent was checked against the real Autotask spec.
  expect(t.sim.state.specViolations).toEqual([]);
  t.sim.faults.reset();
});

const calls = (method?: string) => t.sim.calls.filter((c) => !method || c.method === method);

describe('getTicket', () => {
  it('re-reads the ticket with its status label, contact e-mail and company name', async () => {
    expect(await adapter.getTicket(ticketId)).toEqual({
      psa: 'autotask',
      id: ticketId,
      summary: 'Mailbox almost full',
      description: 'Outlook says my mailbox is full',
      companyId: '250',
      companyName: 'Contoso Ltd',
      contactEmail: 'megan.bowen@contoso.example',
      contactName: 'Megan Bowen',
      statusName: 'New',
      boardId: '29683481',
      closed: false,
      updatedAt: t.sim.ticket(Number(ticketId)).lastActivityDate,
    });
    expect(calls().map((c) => c.path).sort()).toEqual(['/Companies/250', `/Contacts/${FIRST_CONTACT_ID}`, `/Tickets/${ticketId}`, '/Tickets/entityInformation/fields'].sort());
    t.sim.state.calls.length = 0;
    t.sim.updateTicket(Number(ticketId), { status: STATUS.COMPLETE });
    expect(await adapter.getTicket(ticketId)).toMatchObject({ statusName: 'Complete', closed: true });
    // Picklists and company names are cached: the second read costs the ticket and its contact.
    expect(calls().map((c) => c.path)).toEqual([`/Tickets/${ticketId}`, `/Contacts/${FIRST_CONTACT_ID}`]);
  });

  it('throws a non-retryable 404 for an unknown ticket ({item: null}) and refuses a non-numeric id without calling', async () => {
    await expect(adapter.getTicket('999999')).rejects.toMatchObject({ name: 'OutsideApiError', status: 404, retryable: false });
    await expect(adapter.getTicket('1/../../TicketWebhooks')).rejects.toBeInstanceOf(OutsideApiError);
    expect(calls().map((c) => c.path)).toEqual(['/Tickets/999999']);
  });
});

describe('notes', () => {
  it.each([
    ['internal', PUBLISH.INTERNAL_PROJECT_TEAM],
    ['customer', PUBLISH.ALL_USERS],
    ['resolution', PUBLISH.ALL_USERS],
  ] as const)('adds a %s note with the publish value resolved from its label, attributed to the technician', async (visibility, publish) => {
    const { id } = await adapter.addNote(ticketId, { text: 'Quota raised to 60 GB.\nValidated.', visibility, marker: '[tf:run-1:note]' });
    expect(t.sim.state.notes.find((n) => String(n.id) === id)).toMatchObject({
      ticketID: Number(ticketId),
      title: 'TicketFix: Quota raised to 60 GB.',
      description: 'Quota raised to 60 GB.\nValidated.\n\n[tf:run-1:note]',
      noteType: NOTE_TYPE.TASK_NOTES,
      publish,
      creatorResourceID: TECHNICIAN_RESOURCE_ID,
    });
  });

  it('caches the note picklists, falls back to the default noteType, and never guesses a publish value', async () => {
    await adapter.addNote(ticketId, { text: 'a', visibility: 'internal', marker: '[m1]' });
    await adapter.addNote(ticketId, { text: 'b', visibility: 'customer', marker: '[m2]' });
    expect(calls('GET').filter((c) => c.path === '/TicketNotes/entityInformation/fields')).toHaveLength(1);

    use({ autotask: { noteTypeLabel: 'No Such Type', notePublish: { internal: 'Techs Only', customer: 'All Autotask Users' } } });
    await adapter.addNote(ticketId, { text: 'c', visibility: 'customer', marker: '[m3]' });
    expect(t.sim.state.notes.at(-1)!.noteType).toBe(NOTE_TYPE.TASK_DETAIL);
    const err = (await adapter.addNote(ticketId, { text: 'secret', visibility: 'internal', marker: '[m4]' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toMatchObject({ retryable: false });
    expect(err.message).toContain("no note publish option 'Techs Only'");
    expect(t.sim.state.notes.some((n) => n.description.includes('[m4]'))).toBe(false);
  });

  it('finds a note by marker with one query, or returns null', async () => {
    const { id } = await adapter.addNote(ticketId, { text: 'done [tf:abc]', visibility: 'internal', marker: '[tf:abc]' });
    t.sim.state.calls.length = 0;
    expect(await adapter.findNote(ticketId, '[tf:abc]')).toEqual({ id });
    expect(await adapter.findNote(ticketId, '[tf:other]')).toBeNull();
    expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual(['POST /TicketNotes/query', 'POST /TicketNotes/query']);
  });

  it('does not repeat a note POST that got a 500: the caller checks findNote instead', async () => {
    await adapter.addNote(ticketId, { text: 'warm the cache', visibility: 'internal', marker: '[m0]' });
    t.sim.faults.failNext(1, { method: 'POST', path: `/Tickets/${ticketId}/Notes` });
    await expect(adapter.addNote(ticketId, { text: 'x', visibility: 'internal', marker: '[m1]' })).rejects.toMatchObject({ status: 500, ambiguous: true });
    expect(calls('POST').filter((c) => c.path.endsWith('/Notes'))).toHaveLength(2);
    expect(await adapter.findNote(ticketId, '[m1]')).toBeNull();
  });
});

describe('setStatus', () => {
  it('PATCHes {id, status} with the value resolved from the label, once, attributed to the technician', async () => {
    await adapter.setStatus(ticketId, 'In Progress');
    await adapter.setStatus(ticketId, 'complete');
    expect(t.sim.ticket(Number(ticketId))).toMatchObject({ status: STATUS.COMPLETE, completedByResourceID: TECHNICIAN_RESOURCE_ID, description: 'Outlook says my mailbox is full' });
    expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual(['GET /Tickets/entityInformation/fields', 'PATCH /Tickets', 'PATCH /Tickets']);
  });

  it('refreshes the picklist once for a label added since it was cached, and names the known labels otherwise', async () => {
    await adapter.setStatus(ticketId, 'In Progress');
    const status = t.sim.state.fields.tickets.find((f) => f.name === 'status')!;
    status.picklistValues!.push({ value: '21', label: 'Awaiting Parts', isDefaultValue: false, sortOrder: 99, parentValue: '', isActive: true, isSystem: false });
    await adapter.setStatus(ticketId, 'Awaiting Parts');
    expect(t.sim.ticket(Number(ticketId)).status).toBe(21);
    const err = (await adapter.setStatus(ticketId, 'Escalated (old)').catch((e: unknown) => e)) as OutsideApiError;
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/no active ticket status named 'Escalated \(old\)' \(known: New, Complete, .*In Progress/);
  });

  it('falls back to GET + PUT of the whole ticket (writable fields only: PUT refuses read-only ones) when PATCH is refused, and remembers it', async () => {
    use({ sim: { ticketPatch: 'refuse' } });
    await adapter.setStatus(ticketId, 'In Progress');
    expect(t.sim.ticket(Number(ticketId))).toMatchObject({ status: STATUS.IN_PROGRESS, title: 'Mailbox almost full', description: 'Outlook says my mailbox is full', contactID: FIRST_CONTACT_ID, queueID: 29683481 });
    await adapter.setStatus(ticketId, 'Escalated');
    expect(t.sim.ticket(Number(ticketId)).status).toBe(STATUS.ESCALATED);
    expect(calls().map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /Tickets/entityInformation/fields 200',
      'PATCH /Tickets 405',
      `GET /Tickets/${ticketId} 200`,
      'PUT /Tickets 200',
      `GET /Tickets/${ticketId} 200`,
      'PUT /Tickets 200',
    ]);
  });

  it('retries the status write through a 429 and a 500 (setting a value is repeatable)', async () => {
    await adapter.setStatus(ticketId, 'New');
    t.sim.faults.throttleNext(1, { method: 'PATCH' });
    t.sim.faults.failNext(1, { method: 'PATCH' });
    await adapter.setStatus(ticketId, 'Escalated');
    expect(t.sim.ticket(Number(ticketId)).status).toBe(STATUS.ESCALATED);
    expect(calls('PATCH').map((c) => c.status)).toEqual([200, 429, 500, 200]);
  });
});

describe('time entries', () => {
  it('charges time to the ticket as the impersonated technician and finds it by marker', async () => {
    const { id } = await adapter.addTimeEntry(ticketId, { minutes: 15, notes: 'Raised mailbox quota', start: '2025-03-01T09:00:00.000Z', marker: '[tf:run-1:time]' });
    expect(t.sim.state.timeEntries.find((e) => String(e.id) === id)).toMatchObject({
      ticketID: Number(ticketId),
      resourceID: TECHNICIAN_RESOURCE_ID,
      roleID: HELP_DESK_ROLE_ID,
      dateWorked: '2025-03-01T00:00:00Z',
      startDateTime: '2025-03-01T09:00:00Z',
      endDateTime: '2025-03-01T09:15:00Z',
      hoursWorked: 0.25,
      summaryNotes: 'Raised mailbox quota\n\n[tf:run-1:time]',
    });
    expect(await adapter.findTimeEntry(ticketId, '[tf:run-1:time]')).toEqual({ id });
    expect(await adapter.findTimeEntry(ticketId, '[tf:nope]')).toBeNull();
  });

  it('uses the configured role, and refuses impossible durations without calling', async () => {
    use({ autotask: { timeEntryRoleId: ENGINEER_ROLE_ID } });
    await adapter.addTimeEntry(ticketId, { minutes: 90, notes: 'n', start: '2025-03-01T09:00:00Z', marker: '[m]' });
    expect(t.sim.state.timeEntries[0]).toMatchObject({ roleID: ENGINEER_ROLE_ID, hoursWorked: 1.5 });
    for (const bad of [{ minutes: 0 }, { minutes: 24 * 60 + 1 }, { start: 'not a date' }]) {
      await expect(adapter.addTimeEntry(ticketId, { minutes: 5, notes: 'n', start: '2025-03-01T09:00:00Z', marker: '[m]', ...bad })).rejects.toMatchObject({ retryable: false });
    }
    expect(calls('POST').filter((c) => c.path === '/TimeEntries')).toHaveLength(1);
  });

  it("surfaces Autotask's refusal when the impersonation resource cannot own time", async () => {
    use({ autotask: { impersonationResourceId: 29682884 } });
    const err = (await adapter.addTimeEntry(ticketId, { minutes: 5, notes: 'n', start: '2025-03-01T09:00:00Z', marker: '[m]' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toBeInstanceOf(OutsideApiError);
    expect(err.message).toContain('API-only');
  });
});

describe('API calls per resolved ticket', () => {
  it('re-read, note, status and time entry cost 5 calls once caches are warm (8 cold)', async () => {
    const attempts: string[] = [];
    use();
    adapter = new AutotaskPsaAdapter({ installation: t.installation, clientOptions: { ...t.clientOptions, onAttempt: (a) => attempts.push(`${a.method} ${a.path}`) } });
    const resolve = async (id: string) => {
      await adapter.getTicket(id);
      await adapter.addNote(id, { text: 'Raised the quota 50 → 60 GB; validated.', visibility: 'internal', marker: `[tf:${id}:note]` });
      await adapter.setStatus(id, 'Complete');
      await adapter.addTimeEntry(id, { minutes: 5, notes: 'Mailbox quota', start: '2025-03-01T09:00:00Z', marker: `[tf:${id}:time]` });
    };
    await resolve(ticketId);
    const cold = attempts.length;
    attempts.length = 0;
    const second = t.sim.createTicket({ title: 'second', companyID: 250, contactID: FIRST_CONTACT_ID }).id;
    await resolve(String(second));
    expect(cold).toBe(8);
    expect(attempts).toEqual([`GET /Tickets/${second}`, `GET /Contacts/${FIRST_CONTACT_ID}`, `POST /Tickets/${second}/Notes`, 'PATCH /Tickets', 'POST /TimeEntries']);
  });
});
