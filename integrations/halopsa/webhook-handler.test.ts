import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_USER_ID } from '../../mocks/halopsa/seed-state.js';
import type { Signal } from '../../src/model/signal.js';
import { createLogger } from '../../src/log.js';
import { haloIntegration } from './integration.js';
import { haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';
import { basicAuthHeader } from './verify-basic-auth.js';
import { createHaloWebhookHandler, type HaloWebhookOptions } from './webhook-handler.js';

type Handler = (req: Request, res: Response) => Promise<void>;
const handlers: Record<string, Handler> = {};
let appServer: Server;
let origin: string;
let a: HaloTestSetup;
let b: HaloTestSetup;
let stored: Map<string, Signal>;
const server = setupServer();
const log = createLogger({ level: 'silent' });

beforeAll(async () => {
  const app = express();
  app.post('/webhooks/halopsa/:id', express.raw({ type: () => true, limit: '256kb' }), (req, res) => (handlers[req.params.id] as Handler)(req, res));
  app.post('/json/halopsa/:id', express.json(), (req, res) => (handlers[req.params.id] as Handler)(req, res));
  await new Promise<void>((resolve) => {
    appServer = app.listen(0, '127.0.0.1', () => resolve());
  });
  const address = appServer.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await new Promise((r) => appServer.close(r));
});

const intake = async (signal: Signal) => {
  if (stored.has(signal.deliveryKey)) return { inserted: false };
  stored.set(signal.deliveryKey, signal);
  return { inserted: true };
};
function mount(t: HaloTestSetup, extra: Partial<HaloWebhookOptions> = {}) {
  handlers[t.installation.id] = createHaloWebhookHandler({ installation: t.installation, intake, env: t.env, logger: log, ...extra });
}
beforeEach(() => {
  a = haloTestSetup({ id: 'acme' });
  b = haloTestSetup({ id: 'beta' });
  stored = new Map();
  server.resetHandlers(...a.sim.handlers, http.all(`${origin}/*`, () => passthrough()));
  mount(a);
  mount(b);
});

const urlFor = (t: HaloTestSetup) => `${origin}/webhooks/halopsa/${t.installation.id}`;
const credsOf = (t: HaloTestSetup) => basicAuthHeader(t.installation.halopsa.webhookUsername, t.env[t.installation.halopsa.webhookPasswordEnv] as string);
const event = (over: Record<string, unknown> = {}) => ({ event: 'New Ticket Logged', eventno: 3, ticket: { id: 1000, client_id: 250, summary: 'Mailbox full' }, ...over });

async function post(url: string, body: string | object, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: credsOf(a), ...headers }, body: text });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('HaloPSA webhook: the real loop', () => {
  it('installs, receives a Basic-auth delivery from the simulator, stores a Signal and answers 202', async () => {
    await haloIntegration.install(a.installation, urlFor(a), { env: a.env, log, kv: a.kv });
    const ticket = a.sim.createTicket({ summary: 'Mailbox almost full', user_id: FIRST_USER_ID });
    a.sim.updateTicket(ticket.id, { status_id: 2 });
    await a.sim.flushWebhooks();
    expect(a.sim.deliveries.map((d) => d.responsestatus)).toEqual([202, 202]);
    expect([...stored.values()].map((s) => [s.source, s.action, s.ticketId, s.companyHint, s.installationId])).toEqual([
      ['halopsa', 'New Ticket Logged', String(ticket.id), '250', 'acme'],
      ['halopsa', 'Status Changed', String(ticket.id), '250', 'acme'],
    ]);
    // The handler never calls Halo: only install's calls are in the log.
    expect(a.sim.calls.filter((c) => c.path.startsWith('/Tickets'))).toEqual([]);
  });

  it('answers 200 {duplicate:true} for a manual re-send of the same delivery, storing nothing new', async () => {
    await haloIntegration.install(a.installation, urlFor(a), { env: a.env, log, kv: a.kv });
    a.sim.createTicket({ summary: 'x', client_id: 250 });
    await a.sim.flushWebhooks();
    a.sim.resend(a.sim.deliveries[0]!.id);
    await a.sim.flushWebhooks();
    expect(a.sim.deliveries.map((d) => d.responsestatus)).toEqual([202, 200]);
    expect(stored.size).toBe(1);
  });

  it('accepts a batch of events and de-duplicates the batch when re-sent', async () => {
    const batch = [event(), event({ eventno: 76, event: 'Status Changed' })];
    const first = await post(urlFor(a), batch);
    expect(first).toMatchObject({ status: 202, json: { accepted: true, signalIds: [expect.any(String), expect.any(String)] } });
    expect((await post(urlFor(a), batch)).json).toEqual({ duplicate: true });
    expect(stored.size).toBe(2);
  });

  it.each(['small', 'event-only'] as const)('accepts the %s payload type from the simulator: the ticket id always reaches the signal', async (payload) => {
    a = haloTestSetup({ id: 'acme', sim: { webhookPayload: payload } });
    server.resetHandlers(...a.sim.handlers, http.all(`${origin}/*`, () => passthrough()));
    mount(a);
    await haloIntegration.install(a.installation, urlFor(a), { env: a.env, log, kv: a.kv });
    const ticket = a.sim.createTicket({ summary: 'Mailbox almost full', user_id: FIRST_USER_ID });
    await a.sim.flushWebhooks();
    expect(a.sim.deliveries.map((d) => d.responsestatus)).toEqual([202]);
    expect([...stored.values()].map((s) => [s.action, s.ticketId, s.companyHint])).toEqual([['New Ticket Logged', String(ticket.id), payload === 'small' ? '250' : undefined]]);
  });

  it('takes no company hint from a display value (the v2.178 id-or-display toggle)', async () => {
    expect((await post(urlFor(a), event({ ticket: { id: 1000, client_id: 'Contoso Ltd' } }))).status).toBe(202);
    expect([...stored.values()][0]).toMatchObject({ ticketId: '1000', companyHint: undefined });
  });

  it('takes the ticket id from the action when there is no ticket object', async () => {
    expect((await post(urlFor(a), { event: 'Updated by User', action: { id: 9, ticket_id: '1234', note: 'still full' } })).status).toBe(202);
    expect([...stored.values()][0]).toMatchObject({ ticketId: '1234', action: 'Updated by User' });
  });
});

describe('HaloPSA webhook: rejections store nothing', () => {
  it.each([
    ['no credentials', () => post(urlFor(a), event(), { authorization: '' }), 401],
    ['a wrong password', () => post(urlFor(a), event(), { authorization: basicAuthHeader('ticketfix-acme', 'guessed') }), 401],
    ['the right password with another username', () => post(urlFor(a), event(), { authorization: basicAuthHeader('admin', a.env.HALO_ACME_WEBHOOK_PASSWORD as string) }), 401],
    ["another installation's credentials", () => post(urlFor(a), event(), { authorization: credsOf(b) }), 401],
    ['a Bearer token instead of Basic', () => post(urlFor(a), event(), { authorization: 'Bearer abc' }), 401],
    ['garbage in the header', () => post(urlFor(a), event(), { authorization: 'Basic %%%' }), 401],
    ['non-JSON content type', () => post(urlFor(a), event(), { 'content-type': 'text/plain' }), 415],
    ['bad JSON', () => post(urlFor(a), '{"ticket": {"id'), 400],
    ['no ticket id', () => post(urlFor(a), { event: 'New Ticket Logged', ticket: { summary: 'x' } }), 400],
    ['a ticket id that is not a number', () => post(urlFor(a), event({ ticket: { id: 'DROP TABLE' } })), 400],
    ['an empty batch', () => post(urlFor(a), []), 400],
  ])('%s', async (_label, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.json.error).toEqual(expect.any(String));
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(stored.size).toBe(0);
  });

  it("accepts each installation's own credentials on its own route only", async () => {
    expect((await post(urlFor(b), event(), { authorization: credsOf(b) })).status).toBe(202);
    expect([...stored.values()].map((s) => s.installationId)).toEqual(['beta']);
    expect((await post(urlFor(b), event({ eventno: 19 }), { authorization: credsOf(a) })).status).toBe(401);
  });

  it('answers 503 when intake fails, and 500 when misconfigured', async () => {
    mount(a, { intake: () => Promise.reject(new Error('disk full')) });
    expect((await post(urlFor(a), event())).status).toBe(503);
    mount(a, { env: {} });
    expect((await post(urlFor(a), event())).status).toBe(500);
    mount(a);
    expect((await post(`${origin}/json/halopsa/acme`, event())).status).toBe(500);
    expect(stored.size).toBe(0);
  });
});
