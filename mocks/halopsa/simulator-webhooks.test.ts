import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newSpecCheckedSimulator } from './conformance-kit.js';
import { FIRST_USER_ID } from './seed-state.js';
import type { HaloSimulator } from './simulator.js';
import { haloFetch } from './test-kit.js';

const HOOK = 'https://ticketfix.example/webhooks/halopsa/acme';
let sim: HaloSimulator;
let received: { auth: string | null; body: Record<string, unknown> }[];
let receiverStatus: number;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newSpecCheckedSimulator();
  received = [];
  receiverStatus = 202;
  server.resetHandlers(
    ...sim.handlers,
    http.post(HOOK, async ({ request }) => {
      received.push({ auth: request.headers.get('authorization'), body: (await request.json()) as Record<string, unknown> });
      return HttpResponse.json({ ok: receiverStatus < 300 }, { status: receiverStatus });
    }),
  );
});

async function register(events: number[], over: Record<string, unknown> = {}): Promise<string> {
  const hook = await haloFetch(sim, '/Webhook', {
    method: 'POST',
    body: [{ name: 'ticketfix', url: HOOK, type: 0, method: 0, content_type: 'application/json', authentication_type: 1, basic_username: 'ticketfix', basic_password: 's3cret', active: true, ...over }],
  });
  expect(hook.status).toBe(200);
  const id = hook.json.id as string;
  const n = await haloFetch(sim, '/Notification', { method: 'POST', body: events.map((eventno) => ({ webhook_id: id, eventno, delivery_method: 6, type: -2, name: `ticketfix ${eventno}` })) });
  expect(n.status).toBe(200);
  return id;
}

const basic = `Basic ${Buffer.from('ticketfix:s3cret').toString('base64')}`;

describe('webhook registration', () => {
  it('returns a uuid id, never echoes the Basic password, and updates in place by id', async () => {
    const id = await register([3]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await haloFetch(sim, '/Webhook');
    expect(list.json).toEqual([expect.objectContaining({ id, url: HOOK, active: true, authentication_type: 1, basic_username: 'ticketfix', basic_password: '********' })]);
    expect(JSON.stringify(list.json)).not.toContain('s3cret');
    await haloFetch(sim, '/Webhook', { method: 'POST', body: [{ id, name: 'ticketfix', active: false }] });
    expect(sim.state.webhooks).toEqual([expect.objectContaining({ id, active: false, basic_password: 's3cret' })]);
    expect((await haloFetch(sim, `/Webhook/${id}?includedetails=true`)).json.events).toEqual([expect.objectContaining({ eventno: 3, webhook_id: id })]);
  });

  it('refuses an outbound webhook without a url and Basic auth without credentials', async () => {
    expect((await haloFetch(sim, '/Webhook', { method: 'POST', body: [{ name: 'x', type: 0 }] })).status).toBe(400);
    expect((await haloFetch(sim, '/Webhook', { method: 'POST', body: [{ name: 'x', type: 0, url: HOOK, authentication_type: 1 }] })).status).toBe(400);
    expect((await haloFetch(sim, '/Notification', { method: 'POST', body: [{ webhook_id: '0f8fad5b-d9cb-469f-a165-70867728950e', eventno: 3, delivery_method: 6 }] })).status).toBe(404);
  });

  it('deletes webhooks and notifications by id', async () => {
    const id = await register([3, 19]);
    const n = sim.state.notifications[0]!;
    expect((await haloFetch(sim, `/Notification/${n.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await haloFetch(sim, `/Webhook/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await haloFetch(sim, `/Webhook/${id}`)).status).toBe(404);
    expect(sim.state.notifications.map((x) => x.eventno)).toEqual([19]);
  });
});

describe('webhook deliveries', () => {
  it('POSTs the ticket (and action) JSON with Basic auth for each subscribed event', async () => {
    await register([3, 19, 76]);
    const t = sim.createTicket({ summary: 'Mailbox full', user_id: FIRST_USER_ID });
    sim.addAction({ ticket_id: t.id, note: 'still full' }, { byUserId: FIRST_USER_ID });
    sim.updateTicket(t.id, { status_id: 2 });
    await sim.flushWebhooks();
    expect(received.map((r) => [r.body.eventno, r.body.event, r.auth])).toEqual([
      [3, 'New Ticket Logged', basic],
      [19, 'Updated by User', basic],
      [76, 'Status Changed', basic],
    ]);
    expect(received[0]!.body.ticket).toMatchObject({ id: t.id, client_id: 250, summary: 'Mailbox full' });
    expect(received[1]!.body.action).toMatchObject({ ticket_id: t.id, note: 'still full', who_type: 2 });
    expect(sim.deliveries.map((d) => [d.status, d.responsestatus])).toEqual([
      [1, 202],
      [1, 202],
      [1, 202],
    ]);
    expect(sim.deliveries[0]!.requestheaders).not.toContain(Buffer.from('ticketfix:s3cret').toString('base64'));
  });

  it("fires nothing for our own agent's changes (no echo) and nothing for events not subscribed", async () => {
    await register([3, 76]);
    const created = await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ summary: 'by the API agent', client_id: 250 }] });
    await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ id: created.json.id, status_id: 2 }] });
    sim.addAction({ ticket_id: created.json.id, note: 'user reply' }, { byUserId: FIRST_USER_ID }); // 19: not subscribed
    await sim.flushWebhooks();
    expect(received).toEqual([]);
    expect(sim.state.suppressed.map((s) => [s.eventno, s.agentId])).toEqual([
      [3, 35],
      [76, 35],
    ]);
  });

  it('sends nothing to an inactive webhook and no Authorization header without Basic auth', async () => {
    const id = await register([3]);
    await haloFetch(sim, '/Webhook', { method: 'POST', body: [{ id, name: 'ticketfix', active: false }] });
    sim.createTicket({ summary: 'a', client_id: 250 });
    await sim.flushWebhooks();
    expect(received).toHaveLength(0);
    await haloFetch(sim, '/Webhook', { method: 'POST', body: [{ id, name: 'ticketfix', active: true, authentication_type: 0 }] });
    sim.createTicket({ summary: 'b', client_id: 250 });
    await sim.flushWebhooks();
    expect(received.map((r) => r.auth)).toEqual([null]);
  });

  it('does not retry a failed delivery; it stays in the WebhookEvent log until re-sent by hand', async () => {
    const id = await register([3]);
    receiverStatus = 500;
    sim.createTicket({ summary: 'a', client_id: 250 });
    await sim.flushWebhooks();
    expect(sim.deliveries).toEqual([expect.objectContaining({ status: 2, responsestatus: 500 })]);
    expect(received).toHaveLength(1);
    receiverStatus = 202;
    sim.resend(sim.deliveries[0]!.id);
    await sim.flushWebhooks();
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toEqual(received[0]!.body);
    expect(sim.deliveries[1]).toMatchObject({ status: 1, responsestatus: 202, resent_from: sim.deliveries[0]!.id });
    const log = await haloFetch(sim, `/WebhookEvent?webhook_id=${id}`);
    expect(log.json.record_count).toBe(2);
    expect(sim.state.webhooks[0]!.last_status).toBe(202);
  });

  it('records a receiver that cannot be reached', async () => {
    await register([3]);
    server.use(http.post(HOOK, () => HttpResponse.error()));
    sim.createTicket({ summary: 'a', client_id: 250 });
    await sim.flushWebhooks();
    expect(sim.deliveries).toEqual([expect.objectContaining({ status: 2, responsestatus: null, error: expect.any(String) })]);
  });
});
