import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHandlers } from '../serve-handlers.js';
import { signWebhookBody } from './sign-webhook.js';
import { createAutotaskSimulator, sampleCredentials, type AutotaskSimulator } from './simulator.js';
import { specRequestCheck } from './test-kit.js';

// The sandbox serves the simulator over real HTTP on 127.0.0.1 under a path prefix, with the zone
// lookup on the same origin; prove the handlers match there and webhooks reach a real receiver.
let sim: AutotaskSimulator;
let served: Awaited<ReturnType<typeof serveHandlers>>;
let receiver: Server;
let receiverUrl: string;
const got: { body: string; signature: string }[] = [];

beforeAll(async () => {
  served = await serveHandlers(() => sim.handlers);
  const root = `${served.url}/sim/autotask`;
  const baseUrl = `${root}/ATServicesRest/V1.0`;
  sim = createAutotaskSimulator({ baseUrl, zoneLookupUrl: `${root}/zone/ATServicesRest/V1.0/ZoneInformation`, credentials: sampleCredentials(), apiResourceId: 29682884, requestCheck: specRequestCheck(baseUrl) });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-hook-signature']) });
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
  it('answers the zone lookup and API calls under the prefixed base and delivers verifiable webhooks', async () => {
    const zone = await fetch(`${sim.zoneLookupUrl}?user=${encodeURIComponent(sim.authHeaders().UserName!)}`);
    // The doubled slash before ATServicesRest, as ZoneInformation has been seen to answer.
    expect(((await zone.json()) as { url: string }).url).toBe(`${sim.baseUrl.replace(/\/ATServicesRest\/V1\.0$/, '//ATServicesRest/')}`);
    const headers = { ...sim.authHeaders(), 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => fetch(`${sim.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ itemId: number }>);
    const { itemId: hookId } = await post('/TicketWebhooks', { name: 'tf', webhookUrl: receiverUrl, deactivationUrl: receiverUrl, secretKey: 'sandbox-secret', isActive: true, isSubscribedToCreateEvents: true });
    await post(`/TicketWebhooks/${hookId}/Fields`, { fieldID: sim.state.fields.webhookFieldIds.get('status'), isSubscribedField: true });
    const { itemId } = await post('/Tickets', { title: 'Over HTTP', companyID: 251, status: 1, priority: 2 });
    expect((await fetch(`${sim.baseUrl}/Tickets/${itemId}`, { headers })).status).toBe(200);
    await sim.flushWebhooks();
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ Action: 'Create', Id: itemId });
    expect(got[0]!.signature).toBe(signWebhookBody(got[0]!.body, 'sandbox-secret'));
    // The spec check works under the sandbox's path prefix too.
    expect(sim.state.specViolations).toEqual([]);
    const drifted = await fetch(`${sim.baseUrl}/Tickets`, { method: 'PATCH', headers, body: JSON.stringify({ id: itemId, status: 'New' }) });
    expect(drifted.status).toBe(400);
  });
});
