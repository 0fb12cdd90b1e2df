import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { SANDBOX_AT } from '../src/sandbox/sandbox-config.js';
import { STATUS } from '../mocks/autotask/index.js';
import { admin, createTicket, notesOf, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function settleAll(s: Sandbox) {
  for (let i = 0; i < 4; i++) {
    await s.autotask.flushWebhooks();
    await s.halopsa.flushWebhooks();
    await settle(s);
  }
}

async function call<T>(base: string, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function reopenedEvents(s: Sandbox, runId: string) {
  return s.app.store.queryAudit({ runId, type: 'run.reopened' });
}

describe('a requester reply to a ticket the loop resolved reopens it for a technician', () => {
  it('ConnectWise: the contact replies by email; the callback reopens the ticket with an internal evidence note, once', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example', description: 'Outlook says my mailbox is full' });
    await settleAll(sb);
    expect(await statusOf(sb, id)).toBe('Resolved');
    const [run] = await runsFor(sb, id);
    expect(run!.state).toBe('resolved');
    expect(await reopenedEvents(sb, run!.id)).toHaveLength(0);

    sb.connectwise.contactReply(id, 'still full, it did not work');
    await settleAll(sb);

    expect(await statusOf(sb, id)).toBe('Escalated');
    const notes = await notesOf(sb, id);
    const evidence = notes.filter((n) => n.text.includes(`[ticketfix:${run!.id}:reopen]`));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.internalAnalysisFlag).toBe(true);
    expect(evidence[0]!.detailDescriptionFlag).toBe(false);
    expect(evidence[0]!.text).toContain(`/console/#/runs/${run!.id}`);
    expect(evidence[0]!.text).toContain('Validation: passed');
    const events = await reopenedEvents(sb, run!.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.outcome).toBe('reopened');
    expect(events[0]!.remediationId).toBe('mailbox-quota');

    // The remediations view reads the live outcome from the stats API: one resolution, reopened, held 0 of 1.
    const stats = await admin<{ remediations: { id: string; resolved: number; reopened: number; failed: number; outcomeRate: number | null }[] }>(sb, 'GET', '/stats?days=30');
    expect(stats.body.remediations.find((r) => r.id === 'mailbox-quota')).toMatchObject({ resolved: 1, reopened: 1, failed: 0, outcomeRate: 0 });

    // A second reply reopens nothing more and never runs the remediation again.
    const quotaCalls = sb.m365.calls.filter((c) => c.cmdlet === 'Set-Mailbox').length;
    sb.connectwise.contactReply(id, 'hello?');
    await settleAll(sb);
    expect(await reopenedEvents(sb, run!.id)).toHaveLength(1);
    expect(sb.m365.calls.filter((c) => c.cmdlet === 'Set-Mailbox')).toHaveLength(quotaCalls);
    expect((await runsFor(sb, id)).filter((r) => r.state !== 'duplicate')).toHaveLength(1);
  });

  it('ConnectWise: our own notes and a technician note after the resolution reopen nothing', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example', description: 'Outlook says my mailbox is full' });
    await settleAll(sb);
    const [run] = await runsFor(sb, id);
    sb.connectwise.addNote(id, { text: 'Checked with the user, all good', detailDescriptionFlag: true });
    await settleAll(sb);
    expect(await statusOf(sb, id)).toBe('Resolved');
    expect(await reopenedEvents(sb, run!.id)).toHaveLength(0);
  });

  it('Autotask: the contact replies through the portal; the status webhook reopens the ticket with an internal evidence note', async () => {
    sb = await testSandbox();
    const s = sb;
    const at = <T>(method: string, path: string, body?: unknown) => call<T>(s.urls.autotask, s.autotask.authHeadersAs(SANDBOX_AT.dispatcherUserName), method, path, body);
    const contacts = await at<{ items: { id: number }[] }>('POST', '/Contacts/query', { filter: [{ op: 'eq', field: 'emailAddress', value: 'megan.bowen@contoso.example' }] });
    const { itemId } = await at<{ itemId: number }>('POST', '/Tickets', { title: 'My mailbox is full', description: 'Outlook says the mailbox is full', companyID: 250, contactID: contacts.items[0]!.id, status: 1, priority: 2 });
    await settleAll(s);
    const [run] = await runsFor(s, itemId);
    expect(run!.state).toBe('resolved');
    expect((await at<{ item: { status: number } }>('GET', `/Tickets/${itemId}`)).item.status).toBe(5);

    // The MSP's "status when a contact adds a note" setting moves the ticket: that fires the ticket webhook.
    s.autotask.contactReply(itemId, 'still full', { replyStatus: STATUS.IN_PROGRESS });
    await settleAll(s);

    expect((await at<{ item: { status: number } }>('GET', `/Tickets/${itemId}`)).item.status).toBe(11);
    const notes = await at<{ items: { description: string; publish: number }[] }>('GET', `/Tickets/${itemId}/Notes`);
    const evidence = notes.items.filter((n) => n.description.includes(`[ticketfix:${run!.id}:reopen]`));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.publish).toBe(2);
    expect(await reopenedEvents(s, run!.id)).toHaveLength(1);
  });

  it('HaloPSA: the end user replies; the "updated by user" webhook reopens the ticket with a hidden evidence action', async () => {
    sb = await testSandbox();
    const s = sb;
    const halo = <T>(method: string, path: string, body?: unknown) => call<T>(s.urls.halopsa, s.halopsa.authHeaders('sandbox-dispatcher'), method, path, body);
    const created = await halo<{ id: number }>('POST', '/Tickets', [{ summary: 'My mailbox is full', details: 'Outlook says my mailbox is full', client_id: 250, user_id: 101 }]);
    await settleAll(s);
    const [run] = await runsFor(s, created.id);
    expect(run!.state).toBe('resolved');
    const statuses = await halo<{ id: number; name: string }[]>('GET', '/Status');
    const statusName = async () => statuses.find((x) => x.id === s.halopsa.ticket(created.id).status_id)?.name;
    expect(await statusName()).toBe('Resolved');

    s.halopsa.addAction({ ticket_id: created.id, note: 'still full', hiddenfromuser: false }, { byUserId: 101 });
    await settleAll(s);

    expect(await statusName()).toBe('Escalated');
    const evidence = s.halopsa.actionsFor(created.id).filter((a) => a.note.includes(`[ticketfix:${run!.id}:reopen]`));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.hiddenfromuser).toBe(true);
    expect(await reopenedEvents(s, run!.id)).toHaveLength(1);
  });

  it('Autotask: a portal reply that changes no webhook field is caught by the reconcile job and reopens the ticket', async () => {
    sb = await testSandbox();
    const s = sb;
    const at = <T>(method: string, path: string, body?: unknown) => call<T>(s.urls.autotask, s.autotask.authHeadersAs(SANDBOX_AT.dispatcherUserName), method, path, body);
    const contacts = await at<{ items: { id: number }[] }>('POST', '/Contacts/query', { filter: [{ op: 'eq', field: 'emailAddress', value: 'megan.bowen@contoso.example' }] });
    const { itemId } = await at<{ itemId: number }>('POST', '/Tickets', { title: 'My mailbox is full', description: 'Outlook says the mailbox is full', companyID: 250, contactID: contacts.items[0]!.id, status: 1, priority: 2 });
    await settleAll(s);
    const [run] = await runsFor(s, itemId);
    expect(run!.state).toBe('resolved');

    s.autotask.contactReply(itemId, 'did not work');
    await settleAll(s);
    expect((await at<{ item: { status: number } }>('GET', `/Tickets/${itemId}`)).item.status).toBe(5);
    expect(await reopenedEvents(s, run!.id)).toHaveLength(0);

    await s.app.reconcile();
    await settleAll(s);
    expect((await at<{ item: { status: number } }>('GET', `/Tickets/${itemId}`)).item.status).toBe(11);
    expect(await reopenedEvents(s, run!.id)).toHaveLength(1);
  });
});
