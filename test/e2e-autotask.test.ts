import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { SANDBOX_AT } from '../src/sandbox/sandbox-config.js';
import { runsFor, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function at<T>(s: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${s.urls.autotask}${path}`, {
    method,
    headers: { ...s.autotask.authHeadersAs(SANDBOX_AT.dispatcherUserName), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function settleAt(s: Sandbox) {
  for (let i = 0; i < 5; i++) {
    await s.autotask.flushWebhooks();
    await settle(s);
  }
}

describe('worked example on Autotask, end to end over real HTTP', () => {
  it('a ticket created through the Autotask API ends Complete with the note and the time entry, read back through the same API', async () => {
    sb = await testSandbox();
    const contacts = await at<{ items: { id: number; emailAddress: string }[] }>(sb, 'POST', '/Contacts/query', { filter: [{ op: 'eq', field: 'emailAddress', value: 'megan.bowen@contoso.example' }] });
    const { itemId } = await at<{ itemId: number }>(sb, 'POST', '/Tickets', { title: 'My mailbox is full', description: 'Outlook says the mailbox is full', companyID: 250, contactID: contacts.items[0]!.id, status: 1, priority: 2 });
    await settleAt(sb);

    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(60);
    const ticket = await at<{ item: { status: number } }>(sb, 'GET', `/Tickets/${itemId}`);
    const fields = await at<{ fields: { name: string; picklistValues?: { value: string; label: string }[] }[] }>(sb, 'GET', '/Tickets/entityInformation/fields');
    const statusLabel = fields.fields.find((f) => f.name === 'status')!.picklistValues!.find((p) => Number(p.value) === ticket.item.status)?.label;
    expect(statusLabel).toBe('Complete');
    const notes = await at<{ items: { description: string }[] }>(sb, 'GET', `/Tickets/${itemId}/Notes`);
    expect(notes.items.some((n) => n.description.includes('from 50 GB to 60 GB'))).toBe(true);
    const time = await at<{ items: { ticketID: number; resourceID: number }[] }>(sb, 'POST', '/TimeEntries/query', { filter: [{ op: 'eq', field: 'ticketID', value: itemId }] });
    expect(time.items).toHaveLength(1);
    expect(time.items[0]!.resourceID).toBe(SANDBOX_AT.technicianResourceId);
    const [run] = await runsFor(sb, itemId);
    expect(run!.psa).toBe('autotask');
    expect(run!.state).toBe('resolved');
  });
});
