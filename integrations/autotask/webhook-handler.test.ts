import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STATUS } from '../../mocks/autotask/entity-fields.js';
import { DISPATCHER_RESOURCE_ID, TECHNICIAN_RESOURCE_ID } from '../../mocks/autotask/seed-state.js';
import { AT_API_RESOURCE_ID, atFetch } from '../../mocks/autotask/test-kit.js';
import { autotaskJson, signWebhookBody } from '../../mocks/autotask/sign-webhook.js';
import type { Signal } from '../../src/model/signal.js';
import { AutotaskPsaAdapter } from './autotask-psa-adapter.js';
import { autotaskTestSetup, AT_WEBHOOK_SECRET, type AutotaskTestSetupOptions } from '../../test/support/autotask/test-kit.js';
import { createAutotaskWebhookHandler, type AutotaskWebhookOptions } from './webhook-handler.js';
import { installAutotaskWebhook, uninstallAutotaskWebhook } from './webhook-registration.js';
import { deactivationKey, type DeactivationNotice } from './webhook-registry.js';

type Handler = (req: Request, res: Response) => Promise<void>;
let current: Handler;
let appServer: Server;
let hookUrl: string;
let t: ReturnType<typeof autotaskTestSetup>;
let stored: Map<string, Signal>;
let logs: { level: number; msg: string }[];
const server = setupServer();

beforeAll(async () => {
  const app = express();
  app.post('/hooks/at', express.raw({ type: () => true, limit: '256kb' }), (req, res) => current(req, res));
  app.post('/hooks/at-json', express.json(), (req, res) => current(req, res));
  await new Promise<void>((resolve) => {
    appServer = app.listen(0, '127.0.0.1', () => resolve());
  });
  const address = appServer.address();
  hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/at`;
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await new Promise((r) => appServer.close(r));
});

function useHandler(o: AutotaskTestSetupOptions = {}, extra: Partial<AutotaskWebhookOptions> = {}) {
  t = autotaskTestSetup(o);
  stored = new Map();
  logs = [];
  server.resetHandlers(...t.sim.handlers, http.all(`${new URL(hookUrl).origin}/*`, () => passthrough()));
  const intake = async (signal: Signal) => {
    if (stored.has(signal.deliveryKey)) return { inserted: false };
    stored.set(signal.deliveryKey, signal);
    return { inserted: true };
  };
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  current = createAutotaskWebhookHandler({ installation: t.installation, intake, kv: t.kv, env: t.env, logger, ...extra });
}
beforeEach(() => useHandler());
afterEach(() => t.sim.faults.reset());

const install = (url = hookUrl) => installAutotaskWebhook({ client: t.client(), installation: t.installation, webhookUrl: url, secret: AT_WEBHOOK_SECRET, kv: t.kv });
const sign = (body: string, secret = AT_WEBHOOK_SECRET) => signWebhookBody(body, secret);
const payload = (over: Record<string, unknown> = {}) => ({ Action: 'Update', Guid: 'unset', EntityType: 'Ticket', Id: 52145, Fields: { status: 8, companyID: 250 }, EventTime: '2025-01-02T10:11:12Z', SequenceNumber: 1, PersonID: 29682885, ...over });

async function post(body: string | object, headers: Record<string, string> = {}, url = hookUrl) {
  const text = typeof body === 'string' ? body : autotaskJson(body);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hook-signature': sign(text), ...headers }, body: text });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('Autotask webhook: the real loop', () => {
  it('installs, receives signed events from the simulator, stores Signals and answers 202', async () => {
    await install();
    const ticket = t.sim.createTicket({ title: 'Mailbox almost full', companyID: 250 });
    t.sim.updateTicket(ticket.id, { status: STATUS.IN_PROGRESS }, { byResourceId: DISPATCHER_RESOURCE_ID });
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.map((d) => d.status)).toEqual([202, 202]);
    expect([...stored.values()].map((s) => [s.action, s.ticketId, s.companyHint, s.installationId, s.source])).toEqual([
      ['Create', String(ticket.id), '250', 'acme', 'autotask'],
      ['Update', String(ticket.id), '250', 'acme', 'autotask'],
    ]);
  });

  it('does not echo our own write-backs (API user excluded, impersonated writes included), but does a technician’s', async () => {
    await install();
    const ticket = t.sim.createTicket({ title: 'Mailbox almost full', companyID: 250 });
    await t.sim.flushWebhooks();
    const adapter = new AutotaskPsaAdapter({ installation: t.installation, clientOptions: t.clientOptions });
    await adapter.setStatus(String(ticket.id), 'In Progress');
    await adapter.addNote(String(ticket.id), { text: 'Working on it', visibility: 'internal', marker: '[m]' });
    await adapter.setStatus(String(ticket.id), 'Complete');
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries).toHaveLength(1);
    expect(t.sim.state.suppressed).toHaveLength(2);
    t.sim.updateTicket(ticket.id, { status: STATUS.IN_PROGRESS }, { byResourceId: DISPATCHER_RESOURCE_ID });
    await t.sim.flushWebhooks();
    expect([...stored.values()].map((s) => s.action)).toEqual(['Create', 'Update']);
  });

  it('never loops on our own writes: install excludes the impersonated resource too, and an echo that still arrives is ignored', async () => {
    const r = await install();
    expect(t.sim.state.webhookExcludedResources.map((x) => x.resourceID).sort()).toEqual([AT_API_RESOURCE_ID, TECHNICIAN_RESOURCE_ID].sort());
    const ticket = t.sim.createTicket({ title: 'Mailbox almost full', companyID: 250 });
    await t.sim.flushWebhooks();
    // A webhook made by hand (or by an older install) that excludes only the API user.
    const keep = t.sim.state.webhookExcludedResources.filter((x) => x.resourceID === AT_API_RESOURCE_ID);
    t.sim.state.webhookExcludedResources.splice(0, t.sim.state.webhookExcludedResources.length, ...keep);
    const adapter = new AutotaskPsaAdapter({ installation: t.installation, clientOptions: t.clientOptions });
    await adapter.setStatus(String(ticket.id), 'In Progress');
    await adapter.addNote(String(ticket.id), { text: 'Working on it', visibility: 'internal', marker: '[m]' });
    await adapter.setStatus(String(ticket.id), 'Complete');
    await t.sim.flushWebhooks();
    // Autotask credits the impersonated technician: the echoes arrive with PersonID = that resource...
    const echoes = t.sim.deliveries.slice(1);
    expect(echoes.map((d) => (JSON.parse(d.body) as { PersonID: number }).PersonID)).toEqual([TECHNICIAN_RESOURCE_ID, TECHNICIAN_RESOURCE_ID]);
    // ...and are answered 200 ignored: no signal, so nothing runs and nothing writes again.
    expect(echoes.map((d) => d.status)).toEqual([200, 200]);
    expect([...stored.values()].map((s) => s.action)).toEqual(['Create']);
    expect(r.excludedResourceIds.sort()).toEqual([AT_API_RESOURCE_ID, TECHNICIAN_RESOURCE_ID].sort());
  });

  it('answers 200 {duplicate: true} for a replay or a retry of the same event, storing nothing new', async () => {
    await install();
    t.sim.createTicket({ title: 'x', companyID: 250 });
    await t.sim.flushWebhooks();
    t.sim.redeliver(t.sim.deliveries[0]!);
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.map((d) => d.status)).toEqual([202, 200]);
    expect(await post(t.sim.deliveries[0]!.body, { 'x-hook-signature': t.sim.deliveries[0]!.signature })).toEqual({ status: 200, json: { duplicate: true } });
    expect(stored.size).toBe(1);
  });

  it('verifies escaped JSON with special characters, and bodies that arrive unescaped (the signing quirk)', async () => {
    await install();
    t.sim.createTicket({ title: `Zoë's "mailbox" & <quota> +10`, companyID: 250 });
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.at(-1)!.body).toContain(String.raw`Zo\u00EB\u0027s \u0022mailbox\u0022 \u0026 \u003Cquota\u003E \u002B10`);
    expect([...stored.values()].map((s) => s.companyHint)).toEqual(['250']);
    useHandler({ sim: { webhooks: { wireFormat: 'plain' } } });
    await install();
    t.sim.createTicket({ title: `Zoë's "mailbox" & <quota> +10`, companyID: 251 });
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.at(-1)!.body).toContain(`Zoë's \\"mailbox\\" & <quota> +10`);
    expect(t.sim.deliveries.at(-1)!.status).toBe(202);
    expect([...stored.values()].map((s) => s.companyHint)).toEqual(['251']);
  });
});

describe('Autotask webhook: rejections store nothing', () => {
  const guidOf = () => t.sim.state.webhooks[0]!.webhookGUID;
  it.each([
    ['unsigned', async () => post(payload({ Guid: guidOf() }), { 'x-hook-signature': '' }), 401],
    ['forged (right shape, wrong secret)', async () => post(autotaskJson(payload({ Guid: guidOf() })), { 'x-hook-signature': sign(autotaskJson(payload({ Guid: guidOf() })), 'guessed-secret') }), 401],
    ['a wrong-length signature', async () => post(payload({ Guid: guidOf() }), { 'x-hook-signature': 'sha1=c2hvcnQ=' }), 401],
    ['a garbage signature', async () => post(payload({ Guid: guidOf() }), { 'x-hook-signature': '%%%' }), 401],
    ['a GUID this installation did not register', async () => post(payload({ Guid: '11111111-2222-4333-8444-555555555555' })), 401],
    ['a non-JSON content type', async () => post(payload({ Guid: guidOf() }), { 'content-type': 'text/plain' }), 415],
    ['bad JSON (signed)', async () => post('{"Action": "Upd'), 400],
    ['a body that is not an Autotask webhook (signed)', async () => post({ hello: 'world' }), 400],
  ])('%s', async (_label, send, status) => {
    await install();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.json.error).toEqual(expect.any(String));
    expect(stored.size).toBe(0);
  });

  it('rejects a tampered body that carries a genuine signature', async () => {
    await install();
    t.sim.createTicket({ title: 'Mailbox almost full', companyID: 250 });
    await t.sim.flushWebhooks();
    stored.clear();
    const genuine = t.sim.deliveries[0]!;
    const tampered = genuine.body.replace('"companyID":250', '"companyID":251');
    expect(tampered).not.toBe(genuine.body);
    expect((await post(tampered, { 'x-hook-signature': genuine.signature })).status).toBe(401);
    expect(stored.size).toBe(0);
  });

  it("acts on nothing when a webhook names another installation's GUID, even signed with a shared secret", async () => {
    await install();
    // Another installation's webhook in the same Autotask (the MSP reused the secret).
    const other = await atFetch(t.sim, '/TicketWebhooks', { method: 'POST', body: { name: 'beta', webhookUrl: 'https://beta.example/hook', deactivationUrl: 'https://beta.example/off', secretKey: AT_WEBHOOK_SECRET, isActive: true } });
    const otherGuid = t.sim.state.webhooks.find((w) => w.id === other.json.itemId)!.webhookGUID;
    const res = await post(payload({ Guid: otherGuid }));
    expect(res).toEqual({ status: 401, json: { error: 'webhook GUID is not registered for this installation' } });
    expect(stored.size).toBe(0);
  });

  it('refuses everything before install (no GUID registered), and after uninstall', async () => {
    expect((await post(payload())).status).toBe(401);
    const r = await install();
    expect((await post(payload({ Guid: r.guid }))).status).toBe(202);
    await uninstallAutotaskWebhook({ client: t.client(), installationId: 'acme', webhookUrl: hookUrl, kv: t.kv });
    await t.sim.flushWebhooks();
    // A handler started after the uninstall (the GUID lookup caches for a few seconds).
    current = createAutotaskWebhookHandler({ installation: t.installation, intake: async () => ({ inserted: true }), kv: t.kv, env: t.env });
    expect((await post(payload({ Guid: r.guid, SequenceNumber: 2 }))).status).toBe(401);
  });

  it('answers 503 when intake fails or the secret is missing, 500 without the raw body, 200 for other entities', async () => {
    const r = await install();
    current = createAutotaskWebhookHandler({ installation: t.installation, intake: () => Promise.reject(new Error('disk full')), kv: t.kv, env: t.env });
    expect((await post(payload({ Guid: r.guid }))).status).toBe(503);
    current = createAutotaskWebhookHandler({ installation: t.installation, intake: async () => ({ inserted: true }), kv: t.kv, env: {} });
    expect((await post(payload({ Guid: r.guid }))).status).toBe(503);
    current = createAutotaskWebhookHandler({ installation: t.installation, intake: async () => ({ inserted: true }), kv: t.kv, env: t.env });
    expect((await post(payload({ Guid: r.guid }), {}, hookUrl.replace('/hooks/at', '/hooks/at-json'))).status).toBe(500);
    expect(await post(payload({ Guid: r.guid, EntityType: 'Contact' }))).toEqual({ status: 200, json: { ignored: true, reason: expect.any(String) } });
  });
});

describe('Autotask webhook: deactivation', () => {
  const notice = () => t.kv.getKv<DeactivationNotice>(deactivationKey('acme'));

  it('records a deactivation after repeated failures and logs it loudly for the operator', async () => {
    const r = await install();
    t.sim.deactivateWebhook(r.webhookId);
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.map((d) => [d.kind, d.status])).toEqual([['deactivation', 200]]);
    expect(await notice()).toEqual({ at: expect.any(String), guid: r.guid, guidMatches: true, signatureValid: true, expected: false });
    expect(logs.find((l) => l.level === 50)?.msg).toContain('AUTOTASK DEACTIVATED THE TICKET WEBHOOK');
    expect(stored.size).toBe(0);
  });

  it('takes an unsigned notice on the deactivation URL (a secret drift breaks signatures too) but marks it unverified', async () => {
    const r = await install();
    const res = await post(payload({ Action: 'Deactivated', Guid: r.guid }), { 'x-hook-signature': '' }, `${hookUrl}?event=deactivated`);
    expect(res).toEqual({ status: 200, json: { deactivation: 'recorded' } });
    expect(await notice()).toMatchObject({ guidMatches: true, signatureValid: false, expected: false });
  });

  it('logs the notice that follows our own uninstall quietly, as expected', async () => {
    await install();
    await uninstallAutotaskWebhook({ client: t.client(), installationId: 'acme', webhookUrl: hookUrl, kv: t.kv });
    await t.sim.flushWebhooks();
    expect(await notice()).toMatchObject({ expected: true });
    expect(logs.some((l) => l.level >= 50)).toBe(false);
  });
});
