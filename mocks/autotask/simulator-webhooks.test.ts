import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STATUS } from './entity-fields.js';
import { DISPATCHER_RESOURCE_ID, TECHNICIAN_RESOURCE_ID } from './seed-state.js';
import { autotaskEscapeJson, signWebhookBody } from './sign-webhook.js';
import type { AutotaskSimulator, AutotaskSimulatorOptions } from './simulator.js';
import { AT_API_RESOURCE_ID, atFetch, newTestSimulator } from './test-kit.js';

const HOOK = 'https://app.ticketfix.example/webhooks/autotask/acme';
const DEACTIVATED = `${HOOK}?deactivated=1`;
const SECRET = 'a-webhook-secret-of-32-characters';
let sim: AutotaskSimulator;
let received: { url: string; body: string; signature: string | null }[];
let answers: number[];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function use(o: Partial<AutotaskSimulatorOptions> = {}) {
  sim = newTestSimulator(o);
  received = [];
  answers = [];
  server.resetHandlers(
    ...sim.handlers,
    http.post(HOOK, async ({ request }) => {
      received.push({ url: request.url, body: await request.text(), signature: request.headers.get('x-hook-signature') });
      return new HttpResponse(null, { status: answers.shift() ?? 200 });
    }),
  );
}
beforeEach(() => use());

const fieldId = (name: string) => sim.state.fields.webhookFieldIds.get(name)!;

async function register(opts: { fields?: string[]; displayAlways?: string[]; body?: Record<string, unknown> } = {}) {
  const created = await atFetch(sim, '/TicketWebhooks', {
    method: 'POST',
    body: { name: 'ticketfix', webhookUrl: HOOK, deactivationUrl: DEACTIVATED, secretKey: SECRET, isActive: true, isSubscribedToCreateEvents: true, isSubscribedToUpdateEvents: true, ...opts.body },
  });
  const id = created.json.itemId as number;
  for (const name of opts.fields ?? ['status', 'title', 'priority']) {
    await atFetch(sim, `/TicketWebhooks/${id}/Fields`, { method: 'POST', body: { fieldID: fieldId(name), isSubscribedField: true, isDisplayAlwaysField: false } });
  }
  for (const name of opts.displayAlways ?? ['companyID']) {
    await atFetch(sim, `/TicketWebhooks/${id}/Fields`, { method: 'POST', body: { fieldID: fieldId(name), isSubscribedField: false, isDisplayAlwaysField: true } });
  }
  return id;
}

const payloads = () => received.filter((r) => r.url === HOOK).map((r) => JSON.parse(r.body));

describe('TicketWebhooks entity', () => {
  it('creates a webhook with a GUID, never echoes the secret, and is ready only once it has a field', async () => {
    const created = await atFetch(sim, '/TicketWebhooks', { method: 'POST', body: { name: 'tf', webhookUrl: HOOK, deactivationUrl: DEACTIVATED, secretKey: SECRET, isActive: true, isSubscribedToCreateEvents: true } });
    const id = created.json.itemId;
    const item = (await atFetch(sim, `/TicketWebhooks/${id}`)).json.item;
    expect(item).toMatchObject({ id, webhookUrl: HOOK, isActive: true, isReady: false, ownerResourceID: AT_API_RESOURCE_ID, webhookGUID: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(item).not.toHaveProperty('secretKey');
    sim.createTicket({ title: 'before ready', companyID: 250 });
    await sim.flushWebhooks();
    expect(received).toHaveLength(0);
    await atFetch(sim, `/TicketWebhooks/${id}/Fields`, { method: 'POST', body: { fieldID: fieldId('status'), isSubscribedField: true } });
    expect((await atFetch(sim, `/TicketWebhooks/${id}`)).json.item.isReady).toBe(true);
    expect((await atFetch(sim, `/TicketWebhooks/${id}/Fields`, { method: 'POST', body: { fieldID: fieldId('status'), isSubscribedField: true } })).status).toBe(500);
    expect((await atFetch(sim, `/TicketWebhooks/${id}/Fields`, { method: 'POST', body: { fieldID: 9999, isSubscribedField: true } })).json.errors[0]).toContain('not a valid picklist value');
    const q = await atFetch(sim, '/TicketWebhooks/query', { method: 'POST', body: { filter: [{ op: 'eq', field: 'webhookUrl', value: HOOK }] } });
    expect(q.json.items.map((w: { id: number }) => w.id)).toEqual([id]);
  });

  it('lists webhook-capable ticket fields in the TicketWebhookFields fieldID picklist, labelled as the GUI labels them', async () => {
    const { json } = await atFetch(sim, '/TicketWebhookFields/entityInformation/fields');
    const labels = json.fields.find((f: { name: string }) => f.name === 'fieldID').picklistValues.map((p: { label: string }) => p.label);
    expect(labels).toEqual(expect.arrayContaining(['Status', 'Title', 'Account', 'Contact', 'Queue', 'Issue Type', 'Sub-Issue Type']));
    expect(labels).not.toContain('companyID');
    expect(labels).not.toContain('Description');
  });

  it("refuses creation when the API user's security level lacks the webhook permission, or at its limit", async () => {
    use({ permissions: { canCreateWebhooks: false } });
    expect((await atFetch(sim, '/TicketWebhooks/entityInformation')).json.info).toMatchObject({ name: 'TicketWebhook', userAccessForCreate: 'None' });
    const res = await atFetch(sim, '/TicketWebhooks', { method: 'POST', body: { name: 'tf', webhookUrl: HOOK, deactivationUrl: HOOK, isActive: true } });
    expect(res).toMatchObject({ status: 403, json: { errors: [expect.stringContaining('Can create WebHooks')] } });
    use({ permissions: { webhookLimit: 1 } });
    await register();
    expect((await atFetch(sim, '/TicketWebhooks', { method: 'POST', body: { name: 'tf2', webhookUrl: HOOK, deactivationUrl: HOOK, isActive: true } })).json.errors[0]).toContain('limit of 1');
    expect((await atFetch(sim, '/TicketWebhooks', { method: 'POST', body: { name: 'x'.repeat(51), webhookUrl: 'ftp://x', isActive: true } })).status).toBe(500);
  });
});

describe('webhook delivery', () => {
  it('POSTs a signed Create event whose escaped JSON carries the subscribed and display-always fields', async () => {
    const id = await register();
    const guid = sim.state.webhooks[0]!.webhookGUID;
    const ticket = sim.createTicket({ title: `Mailbox "full" & <urgent> + it's Zoë's`, companyID: 250 });
    expect(received).toHaveLength(0); // sent after the change, not inside it
    await sim.flushWebhooks();
    const [{ body, signature }] = received as [(typeof received)[number]];
    expect(JSON.parse(body)).toEqual({
      Action: 'Create',
      Guid: guid,
      EntityType: 'Ticket',
      Id: ticket.id,
      Fields: { status: STATUS.NEW, title: `Mailbox "full" & <urgent> + it's Zoë's`, priority: 2, companyID: 250 },
      EventTime: expect.any(String),
      SequenceNumber: 1,
      PersonID: DISPATCHER_RESOURCE_ID,
    });
    expect(body).toContain(String.raw`"title":"Mailbox \u0022full\u0022 \u0026 \u003Curgent\u003E \u002B it\u0027s Zo\u00EB\u0027s"`);
    expect(signature).toBe(signWebhookBody(body, SECRET));
    expect(sim.webhookSecret(id)).toBe(SECRET);
  });

  it('sends Update only when a subscribed field changed, with the changed fields plus display-always ones', async () => {
    await register();
    const t = sim.createTicket({ title: 't', companyID: 250 });
    sim.updateTicket(t.id, { description: 'not subscribed', estimatedHours: 2 });
    sim.updateTicket(t.id, { status: STATUS.IN_PROGRESS }, { byResourceId: TECHNICIAN_RESOURCE_ID });
    await sim.flushWebhooks();
    expect(payloads().map((p) => [p.Action, p.SequenceNumber, p.Fields, p.PersonID])).toEqual([
      ['Create', 1, { status: 1, title: 't', priority: 2, companyID: 250 }, DISPATCHER_RESOURCE_ID],
      ['Update', 2, { status: STATUS.IN_PROGRESS, companyID: 250 }, TECHNICIAN_RESOURCE_ID],
    ]);
  });

  it('skips changes by an excluded resource; an impersonated write is credited to the impersonated resource, not the API user', async () => {
    const id = await register();
    await atFetch(sim, `/TicketWebhooks/${id}/ExcludedResources`, { method: 'POST', body: { resourceID: AT_API_RESOURCE_ID } });
    const created = await atFetch(sim, '/Tickets', { method: 'POST', body: { title: 'api', companyID: 250, status: 1, priority: 2 } });
    await atFetch(sim, '/Tickets', { method: 'PATCH', body: { id: created.json.itemId, status: STATUS.IN_PROGRESS }, impersonate: TECHNICIAN_RESOURCE_ID });
    await sim.flushWebhooks();
    // The stricter reading: excluding the API user does not cover its impersonated write.
    expect(payloads().map((p) => [p.Action, p.PersonID])).toEqual([['Update', TECHNICIAN_RESOURCE_ID]]);
    expect(sim.state.suppressed.map((s) => s.resourceId)).toEqual([AT_API_RESOURCE_ID]);
    received.splice(0);
    await atFetch(sim, `/TicketWebhooks/${id}/ExcludedResources`, { method: 'POST', body: { resourceID: TECHNICIAN_RESOURCE_ID } });
    await atFetch(sim, '/Tickets', { method: 'PATCH', body: { id: created.json.itemId, status: STATUS.WAITING_CUSTOMER }, impersonate: TECHNICIAN_RESOURCE_ID });
    await sim.flushWebhooks();
    expect(received).toHaveLength(0);
    expect(sim.state.suppressed.map((s) => s.resourceId)).toEqual([AT_API_RESOURCE_ID, TECHNICIAN_RESOURCE_ID]);
    sim.updateTicket(created.json.itemId, { status: STATUS.COMPLETE }, { byResourceId: DISPATCHER_RESOURCE_ID });
    await sim.flushWebhooks();
    expect(payloads().map((p) => p.Action)).toEqual(['Update']);
  });

  it('retries a failed delivery on the schedule, in order, and drops it after the last attempt', async () => {
    await register();
    answers = [500, 503, 200];
    const first = sim.createTicket({ title: 'first', companyID: 250 });
    const second = sim.createTicket({ title: 'second', companyID: 250 });
    await sim.flushWebhooks();
    expect(sim.deliveries.map((d) => [d.ticketId, d.attempt, d.status])).toEqual([
      [first.id, 1, 500],
      [first.id, 2, 503],
      [first.id, 3, 200],
      [second.id, 1, 200],
    ]);
    expect(new Set(received.slice(0, 3).map((r) => r.body)).size).toBe(1); // a retry re-sends the same bytes
    answers = [500, 500, 500, 500, 500];
    sim.createTicket({ title: 'lost', companyID: 250 });
    await sim.flushWebhooks();
    expect(sim.deliveries.slice(4).map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(sim.state.droppedEvents).toEqual([expect.objectContaining({ sequenceNumber: 3, lastError: 'HTTP 500' })]);
    expect(sim.state.webhooks[0]!.isActive).toBe(true);
  });

  it('deactivates after N consecutive failures and calls the deactivationUrl, signed', async () => {
    use({ webhooks: { deactivateAfterFailures: 3 } });
    await register();
    answers = [500, 500, 500, 200];
    sim.createTicket({ title: 'breaks it', companyID: 250 });
    await sim.flushWebhooks();
    expect(sim.state.webhooks[0]!.isActive).toBe(false);
    const notice = received.find((r) => r.url === DEACTIVATED)!;
    expect(JSON.parse(notice.body)).toMatchObject({ Action: 'Deactivated', Guid: sim.state.webhooks[0]!.webhookGUID, Id: sim.state.webhooks[0]!.id });
    expect(notice.signature).toBe(signWebhookBody(notice.body, SECRET));
    sim.createTicket({ title: 'after', companyID: 250 });
    await sim.flushWebhooks();
    expect(received.filter((r) => r.url === HOOK)).toHaveLength(3);
    // Re-activating through the API resets the failure count.
    await atFetch(sim, '/TicketWebhooks', { method: 'PATCH', body: { id: sim.state.webhooks[0]!.id, isActive: true } });
    sim.createTicket({ title: 'back', companyID: 250 });
    await sim.flushWebhooks();
    expect(payloads().at(-1).Fields.title).toBe('back');
  });

  it('calls the deactivationUrl when the webhook is deleted, and removes its children', async () => {
    const id = await register();
    expect((await atFetch(sim, `/TicketWebhooks/${id}`, { method: 'DELETE' })).json).toEqual({ itemId: id });
    await sim.flushWebhooks();
    expect(received.map((r) => r.url)).toEqual([DEACTIVATED]);
    expect(sim.state.webhookFields).toHaveLength(0);
    expect((await atFetch(sim, `/TicketWebhooks/${id}`)).json.item).toBeNull();
  });

  it("'plain' wire format sends unescaped JSON while the signature covers its escaped form", async () => {
    use({ webhooks: { wireFormat: 'plain' } });
    await register();
    sim.createTicket({ title: 'A & B', companyID: 250 });
    await sim.flushWebhooks();
    const [{ body, signature }] = received as [(typeof received)[number]];
    expect(body).toContain('"A & B"');
    expect(signature).not.toBe(signWebhookBody(body, SECRET));
    expect(signature).toBe(signWebhookBody(autotaskEscapeJson(body), SECRET));
  });
});
