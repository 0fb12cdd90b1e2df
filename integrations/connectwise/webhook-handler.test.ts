import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signCallbackBody } from '../../mocks/connectwise/sign-callback.js';
import type { Signal } from '../../src/model/signal.js';
import { installConnectWiseCallback } from './callback-registration.js';
import { connectWiseTestSetup } from '../../test/support/connectwise/test-kit.js';
import { createConnectWiseWebhookHandler, type ConnectWiseWebhookOptions } from './webhook-handler.js';

type Handler = (req: Request, res: Response) => Promise<void>;
let current: Handler;
let appServer: Server;
let hookUrl: string;
let t: ReturnType<typeof connectWiseTestSetup>;
let stored: Map<string, Signal>;
let evilHits: number;
const server = setupServer();

beforeAll(async () => {
  const app = express();
  app.post('/hooks/cw', express.raw({ type: () => true, limit: '256kb' }), (req, res) => current(req, res));
  app.post('/hooks/cw-json', express.json(), (req, res) => current(req, res));
  await new Promise<void>((resolve) => {
    appServer = app.listen(0, '127.0.0.1', () => resolve());
  });
  const address = appServer.address();
  hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/cw`;
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await new Promise((r) => appServer.close(r));
});

function useHandler(setup: ReturnType<typeof connectWiseTestSetup>, extra: Partial<ConnectWiseWebhookOptions> = {}) {
  t = setup;
  stored = new Map();
  evilHits = 0;
  server.resetHandlers(
    ...t.sim.handlers,
    http.all(`${new URL(hookUrl).origin}/*`, () => passthrough()),
    http.get('https://evil.example/*', () => {
      evilHits += 1;
      return HttpResponse.json({ signing_key: 'attacker' });
    }),
  );
  const intake = async (signal: Signal) => {
    if (stored.has(signal.deliveryKey)) return { inserted: false };
    stored.set(signal.deliveryKey, signal);
    return { inserted: true };
  };
  current = createConnectWiseWebhookHandler({ installation: t.installation, intake, ...extra });
}
beforeEach(() => useHandler(connectWiseTestSetup()));
afterEach(() => t.sim.faults.reset());

const keyFetches = () => t.sim.calls.filter((c) => c.path.startsWith('/system/callbackkeys/')).length;
const envelope = (over: Record<string, unknown> = {}) => ({
  Action: 'updated',
  Type: 'ticket',
  ID: 5001,
  CompanyId: t.credentials.companyId,
  MemberId: 'dispatch',
  FromUrl: 'api-na.myconnectwise.net',
  Entity: JSON.stringify({ id: 5001, summary: 'x', company: { id: 250 } }),
  Metadata: { key_url: t.sim.keyUrl() },
  ...over,
});

async function post(body: string | object, headers: Record<string, string> = {}, url = hookUrl) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-content-signature': signCallbackBody(text, t.sim.signingKey()), ...headers }, body: text });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('ConnectWise webhook: the real loop', () => {
  it('registers, receives a signed callback from the simulator, stores a Signal and answers 202', async () => {
    await installConnectWiseCallback({ client: t.client(), callbackUrl: hookUrl });
    const ticket = t.sim.createTicket({ summary: 'Mailbox almost full', company: { id: 250 } });
    t.sim.patchTicket(ticket.id, [{ op: 'replace', path: 'summary', value: 'Mailbox full' }]);
    await t.sim.flushCallbacks();
    expect(t.sim.deliveries.map((d) => d.status)).toEqual([202, 202]);
    expect([...stored.values()].map((s) => [s.action, s.ticketId, s.companyHint, s.installationId])).toEqual([
      ['added', String(ticket.id), '250', 'acme'],
      ['updated', String(ticket.id), '250', 'acme'],
    ]);
    expect(keyFetches()).toBe(1); // cached per key_url
  });

  it('answers 200 {duplicate:true} for a re-delivery and stores nothing new', async () => {
    await installConnectWiseCallback({ client: t.client(), callbackUrl: hookUrl });
    t.sim.createTicket({ summary: 'x', company: { id: 250 } });
    await t.sim.flushCallbacks();
    t.sim.redeliver(t.sim.deliveries[0]!);
    await t.sim.flushCallbacks();
    expect(t.sim.deliveries.map((d) => d.status)).toEqual([202, 200]);
    expect(stored.size).toBe(1);
    const again = await post(t.sim.deliveries[0]!.body, { 'x-content-signature': t.sim.deliveries[0]!.signature });
    expect(again).toEqual({ status: 200, json: { duplicate: true } });
  });

  it('accepts the plain-http sandbox key host only because it is the configured baseUrl host', async () => {
    useHandler(connectWiseTestSetup({ baseUrl: 'http://127.0.0.1:9/sim/connectwise/v4_6_release/apis/3.0' }));
    expect(t.sim.keyUrl()).toMatch(/^http:\/\/127\.0\.0\.1:9\//);
    expect((await post(envelope())).status).toBe(202);
  });
});

describe('ConnectWise webhook: rejections store nothing', () => {
  it.each([
    ['unsigned', () => post(envelope(), { 'x-content-signature': '' }), 401],
    ['forged (right shape, wrong key)', () => post(envelope(), { 'x-content-signature': signCallbackBody(JSON.stringify(envelope()), 'guessed-key') }), 401],
    ['wrong length signature', () => post(envelope(), { 'x-content-signature': 'c2hvcnQ=' }), 401],
    ['garbage signature', () => post(envelope(), { 'x-content-signature': '%%%not-base64%%%' }), 401],
    ['another CW company', () => post(envelope({ CompanyId: 'someoneelse' })), 401],
    ['non-JSON content type', () => post(envelope(), { 'content-type': 'text/plain' }), 415],
    ['bad JSON', () => post('{"Action": "upd'), 400],
    ['bad shape', () => post({ hello: 'world' }), 400],
    ['an Entity that is not JSON', () => post(envelope({ Entity: '{nope' })), 400],
  ])('%s', async (_label, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.json.error).toEqual(expect.any(String));
    expect(stored.size).toBe(0);
  });

  it('rejects a tampered body that carries a genuine signature', async () => {
    await installConnectWiseCallback({ client: t.client(), callbackUrl: hookUrl });
    t.sim.createTicket({ summary: 'Mailbox almost full', company: { id: 250 } });
    await t.sim.flushCallbacks();
    stored.clear();
    const genuine = t.sim.deliveries[0]!;
    const tampered = genuine.body.replace('Mailbox almost full', 'Reset CEO password');
    expect(tampered).not.toBe(genuine.body);
    expect((await post(tampered, { 'x-content-signature': genuine.signature })).status).toBe(401);
    expect(stored.size).toBe(0);
  });

  it('never fetches a key_url on a foreign or plain-http host', async () => {
    const evil = envelope({ Metadata: { key_url: 'https://evil.example/key' } });
    const res = await post(evil, { 'x-content-signature': signCallbackBody(JSON.stringify(evil), 'attacker') });
    expect(res).toEqual({ status: 401, json: { error: expect.stringContaining('evil.example') } });
    const downgraded = envelope({ Metadata: { key_url: t.sim.keyUrl().replace('https:', 'http:') } });
    expect((await post(downgraded)).status).toBe(401);
    expect(evilHits).toBe(0);
    expect(keyFetches()).toBe(0);
    expect(stored.size).toBe(0);
  });

  it('answers 503 when the signing key cannot be fetched, and when intake fails', async () => {
    t.sim.faults.outage(true);
    expect((await post(envelope())).status).toBe(503);
    t.sim.faults.outage(false);
    current = createConnectWiseWebhookHandler({ installation: t.installation, intake: () => Promise.reject(new Error('disk full')) });
    expect((await post(envelope())).status).toBe(503);
  });

  it('ignores non-ticket callback types after verifying them', async () => {
    expect(await post(envelope({ Type: 'contact' }))).toEqual({ status: 200, json: { ignored: true, reason: expect.any(String) } });
    expect(stored.size).toBe(0);
  });

  it('refuses to run without the raw body (mounted behind express.json)', async () => {
    expect((await post(envelope(), {}, hookUrl.replace('/hooks/cw', '/hooks/cw-json'))).status).toBe(500);
  });
});

describe('ConnectWise webhook: key rotation', () => {
  it('refetches a rotated key once the cached one is old enough, not before', async () => {
    useHandler(connectWiseTestSetup(), { minKeyRefreshMs: 60_000 });
    expect((await post(envelope())).status).toBe(202);
    t.sim.rotateSigningKey();
    expect((await post(envelope({ ID: 5001, Action: 'added' }))).status).toBe(401);
    expect(keyFetches()).toBe(1);

    useHandler(connectWiseTestSetup(), { minKeyRefreshMs: 0 });
    expect((await post(envelope())).status).toBe(202);
    t.sim.rotateSigningKey();
    expect((await post(envelope({ Action: 'added' }))).status).toBe(202);
    expect(keyFetches()).toBe(2);
  });
});
