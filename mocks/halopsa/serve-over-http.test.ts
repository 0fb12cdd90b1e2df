import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHandlers } from '../serve-handlers.js';
import { createHaloSimulator, sampleHaloApp, type HaloSimulator } from './simulator.js';

// The sandbox serves the simulator over real HTTP on 127.0.0.1 under a path prefix; prove the
// handlers match there (resource server and auth server) and webhooks reach a real receiver.
let sim: HaloSimulator;
let served: Awaited<ReturnType<typeof serveHandlers>>;
let receiver: Server;
let receiverUrl: string;
const app = sampleHaloApp();
const got: { body: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  served = await serveHandlers(() => sim.handlers);
  sim = createHaloSimulator({ baseUrl: `${served.url}/sim/halopsa/api`, tenant: 'sandboxmsp', app, agentId: 35 });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), auth: req.headers.authorization });
      res.statusCode = 202;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
});
afterAll(async () => {
  await served.close();
  await new Promise((r) => receiver.close(r));
});

describe('simulator served over HTTP (sandbox layout)', () => {
  it('discovers the auth server, issues a token, answers API calls and delivers webhooks', async () => {
    const info = (await (await fetch(`${sim.baseUrl}/authinfo`)).json()) as { auth_url: string; tenant_id: string };
    expect(info).toEqual({ auth_url: `${served.url}/sim/halopsa/auth`, tenant_id: 'sandboxmsp' });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: 'all' });
    const tokenRes = await fetch(`${info.auth_url}/token?tenant=${info.tenant_id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const headers = { Authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const hook = await fetch(`${sim.baseUrl}/Webhook`, { method: 'POST', headers, body: JSON.stringify([{ name: 'tf', url: receiverUrl, type: 0, authentication_type: 1, basic_username: 'u', basic_password: 'p', active: true }]) });
    const { id } = (await hook.json()) as { id: string };
    await fetch(`${sim.baseUrl}/Notification`, { method: 'POST', headers, body: JSON.stringify([{ webhook_id: id, eventno: 3, delivery_method: 6 }]) });
    const ticket = sim.createTicket({ summary: 'Over HTTP', client_id: 251 });
    expect((await fetch(`${sim.baseUrl}/Tickets/${ticket.id}`, { headers })).status).toBe(200);
    await sim.flushWebhooks();
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body).ticket.id).toBe(ticket.id);
    expect(got[0]!.auth).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});
