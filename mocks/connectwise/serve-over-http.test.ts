import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHandlers } from '../serve-handlers.js';
import { signCallbackBody } from './sign-callback.js';
import { createConnectWiseSimulator, sampleCredentials, type ConnectWiseSimulator } from './simulator.js';

// The sandbox serves the simulator over real HTTP on 127.0.0.1 under a path prefix; prove the
// handlers match there and callbacks reach a real HTTP receiver.
let sim: ConnectWiseSimulator;
let served: Awaited<ReturnType<typeof serveHandlers>>;
let receiver: Server;
let receiverUrl: string;
const got: { body: string; signature: string }[] = [];

beforeAll(async () => {
  served = await serveHandlers(() => sim.handlers);
  sim = createConnectWiseSimulator({ baseUrl: `${served.url}/sim/connectwise/v4_6_release/apis/3.0`, credentials: sampleCredentials(), memberIdentifier: 'ticketfix-api' });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-content-signature']) });
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
  it('answers API calls under the prefixed base and delivers verifiable callbacks', async () => {
    const headers = { ...sim.authHeaders(), 'content-type': 'application/json' };
    const reg = await fetch(`${sim.baseUrl}/system/callbacks`, { method: 'POST', headers, body: JSON.stringify({ url: receiverUrl, type: 'ticket', level: 'owner', objectId: 1 }) });
    expect(reg.status).toBe(201);
    const ticket = await fetch(`${sim.baseUrl}/service/tickets`, { method: 'POST', headers, body: JSON.stringify({ summary: 'Over HTTP', company: { id: 251 } }) });
    expect(ticket.status).toBe(201);
    const { id } = (await ticket.json()) as { id: number };
    expect((await fetch(`${sim.baseUrl}/service/tickets/${id}`, { headers })).status).toBe(200);
    await sim.flushCallbacks();
    expect(got).toHaveLength(1);
    const payload = JSON.parse(got[0]!.body);
    expect(payload.ID).toBe(id);
    expect(new URL(payload.Metadata.key_url).host).toBe(new URL(sim.baseUrl).host);
    const key = ((await (await fetch(payload.Metadata.key_url)).json()) as { signing_key: string }).signing_key;
    expect(got[0]!.signature).toBe(signCallbackBody(got[0]!.body, key));
  });
});
