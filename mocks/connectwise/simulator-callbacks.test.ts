import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signCallbackBody } from './sign-callback.js';
import { cwFetch, newTestSimulator } from './test-kit.js';
import type { ConnectWiseSimulator } from './simulator.js';

const HOOK = 'https://app.ticketfix.example/webhooks/connectwise/acme';
let sim: ConnectWiseSimulator;
let received: { body: string; signature: string | null }[];
let receiverStatus: number;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  received = [];
  receiverStatus = 202;
  server.resetHandlers(
    ...sim.handlers,
    http.post(HOOK, async ({ request }) => {
      received.push({ body: await request.text(), signature: request.headers.get('x-content-signature') });
      return new HttpResponse(null, { status: receiverStatus });
    }),
    http.post('https://down.ticketfix.example/*', () => HttpResponse.error()),
  );
});

const register = (body: Record<string, unknown> = {}) =>
  cwFetch(sim, '/system/callbacks', { method: 'POST', body: { url: HOOK, type: 'ticket', level: 'owner', objectId: 1, description: 'ticketfix', isSelfSuppressedFlag: true, ...body } });

describe('callback registration', () => {
  it('stores the entry with the registering member and supports GET, PATCH and DELETE', async () => {
    const created = await register();
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ url: HOOK, type: 'ticket', level: 'owner', memberId: 150, isSelfSuppressedFlag: true, inactiveFlag: false });
    expect((await cwFetch(sim, `/system/callbacks?conditions=${encodeURIComponent(`url="${HOOK}"`)}`)).json).toHaveLength(1);
    const patched = await cwFetch(sim, `/system/callbacks/${created.json.id}`, { method: 'PATCH', body: [{ op: 'replace', path: 'inactiveFlag', value: true }] });
    expect(patched.json.inactiveFlag).toBe(true);
    expect((await cwFetch(sim, `/system/callbacks/${created.json.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await cwFetch(sim, `/system/callbacks/${created.json.id}`)).status).toBe(404);
    expect((await register({ url: 'not a url', level: undefined })).json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['level', 'url']);
  });
});

describe('callback delivery', () => {
  it('POSTs a signed CW payload whose Entity is the ticket as a JSON string', async () => {
    await register();
    const ticket = sim.createTicket({ summary: 'Mailbox almost full', company: { id: 250 } });
    expect(received).toHaveLength(0); // delivered after the change, not inside it
    await sim.flushCallbacks();
    expect(received).toHaveLength(1);
    const [{ body, signature }] = received as [(typeof received)[number]];
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ Action: 'added', Type: 'ticket', ID: ticket.id, CompanyId: 'ticketfixdemo', MemberId: 'dispatch', FromUrl: 'api-na.myconnectwise.net' });
    expect(JSON.parse(payload.Entity)).toEqual(ticket);
    // The receiver's view: fetch the key from key_url and check the signature over the raw bytes.
    const { signing_key } = (await (await fetch(payload.Metadata.key_url)).json()) as { signing_key: string };
    expect(signature).toBe(signCallbackBody(Buffer.from(body), signing_key));
    expect(signature).not.toBe(signCallbackBody(Buffer.from(body.replace('Mailbox', 'Mailbix')), signing_key));
    expect(sim.deliveries).toEqual([expect.objectContaining({ url: HOOK, status: 202, action: 'added', ticketId: ticket.id })]);
  });

  it('skips changes made by the registering API member when isSelfSuppressedFlag is set', async () => {
    await register();
    const created = await cwFetch(sim, '/service/tickets', { method: 'POST', body: { summary: 'API made', company: { id: 250 } } });
    await cwFetch(sim, `/service/tickets/${created.json.id}/notes`, { method: 'POST', body: { text: 'self', internalAnalysisFlag: true } });
    await sim.flushCallbacks();
    expect(received).toHaveLength(0);
    expect(sim.state.suppressed).toHaveLength(2);
    sim.addNote(created.json.id, { text: 'customer replied', detailDescriptionFlag: true });
    await sim.flushCallbacks();
    expect(received.map((r) => JSON.parse(r.body).Action)).toEqual(['updated']);
  });

  it('delivers API-made changes when self-suppression is off, and notes but not time entries fire', async () => {
    await register({ isSelfSuppressedFlag: false });
    const id = (await cwFetch(sim, '/service/tickets', { method: 'POST', body: { summary: 'x', company: { id: 250 } } })).json.id;
    await cwFetch(sim, `/service/tickets/${id}/notes`, { method: 'POST', body: { text: 'n', internalAnalysisFlag: true } });
    await cwFetch(sim, '/time/entries', { method: 'POST', body: { chargeToType: 'ServiceTicket', chargeToId: id, timeStart: '2025-01-01T10:00:00Z', actualHours: 0.5 } });
    await sim.flushCallbacks();
    expect(received.map((r) => JSON.parse(r.body).Action)).toEqual(['added', 'updated']);
  });

  it('honours board level, inactive entries and records failed deliveries', async () => {
    await register({ level: 'board', objectId: 2 });
    await register({ inactiveFlag: true });
    await register({ url: 'https://down.ticketfix.example/hook' });
    receiverStatus = 500;
    sim.createTicket({ summary: 'x', company: { id: 250 } });
    await sim.flushCallbacks();
    expect(received).toHaveLength(0);
    expect(sim.deliveries).toEqual([expect.objectContaining({ url: 'https://down.ticketfix.example/hook', status: null, error: expect.any(String) })]);
    await register();
    sim.createTicket({ summary: 'y', company: { id: 250 } });
    await sim.flushCallbacks();
    expect(sim.deliveries.at(-1)).toMatchObject({ url: HOOK, status: 500 });
  });

  it('re-delivers identical bytes, and rotating the key changes what key_url serves', async () => {
    await register();
    sim.createTicket({ summary: 'x', company: { id: 250 } });
    await sim.flushCallbacks();
    sim.redeliver(sim.deliveries[0]!);
    await sim.flushCallbacks();
    expect(received[1]).toEqual(received[0]);
    const oldKey = sim.signingKey();
    const newKey = sim.rotateSigningKey();
    expect(newKey).not.toBe(oldKey);
    expect(await (await fetch(sim.keyUrl())).json()).toEqual({ signing_key: newKey });
  });
});
