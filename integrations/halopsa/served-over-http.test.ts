import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld } from '../../mocks/demo-data.js';
import { createSandboxHaloSimulator, SANDBOX_HALO, sandboxHaloUrls } from '../../mocks/halopsa/sandbox.js';
import type { HaloSimulator } from '../../mocks/halopsa/simulator.js';
import { FIRST_USER_ID } from '../../mocks/halopsa/seed-state.js';
import { handle } from '../../mocks/serve-handlers.js';
import { createLogger } from '../../src/log.js';
import type { Signal } from '../../src/model/signal.js';
import { webhookPath } from '../psa-integration.js';
import { HaloInstallation } from './installation-schema.js';
import { haloIntegration } from './integration.js';

// The sandbox layout: app and simulator on one port over real HTTP (no msw interception),
// the simulator under /sim/halopsa, the app's webhook route under /webhooks/halopsa/<id>.
let sim: HaloSimulator;
let server: Server;
let origin: string;
const stored: Signal[] = [];
const env = { SANDBOX_HALO_CLIENT_SECRET: 'sim-only-halo-secret', SANDBOX_HALO_WEBHOOK_PASSWORD: 'sim-only-hook-password' };
const kvStore = new Map<string, unknown>();
const kv = { getKv: async <T>(k: string) => (kvStore.get(k) ?? null) as T | null, setKv: async (k: string, v: unknown) => void kvStore.set(k, v) };
const log = createLogger({ level: 'silent' });
let installation: HaloInstallation;

beforeAll(async () => {
  const app = express();
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  sim = createSandboxHaloSimulator({ origin, world: demoWorld(), clientSecret: env.SANDBOX_HALO_CLIENT_SECRET, dispatcherSecret: 'dispatcher-secret' });
  installation = HaloInstallation.parse({
    id: 'sandbox-halo',
    psa: 'halopsa',
    halopsa: { baseUrl: sandboxHaloUrls(origin).halopsa, clientId: SANDBOX_HALO.clientId, clientSecretEnv: 'SANDBOX_HALO_CLIENT_SECRET', webhookPasswordEnv: 'SANDBOX_HALO_WEBHOOK_PASSWORD', rateLimit: { requestsPerSecond: 100, burst: 20 } },
  });
  app.use('/sim', (req, res) => {
    req.url = req.originalUrl;
    void handle(req, res, sim.handlers, origin);
  });
  const intake = async (s: Signal) => {
    if (stored.some((x) => x.deliveryKey === s.deliveryKey)) return { inserted: false };
    stored.push(s);
    return { inserted: true };
  };
  app.post(webhookPath(installation), express.raw({ type: () => true }), haloIntegration.createWebhookHandler(installation, { env, log, kv, intake }));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('HaloPSA over real HTTP, sandbox layout', () => {
  it('discovers, installs, receives a dispatcher-logged ticket and writes back', async () => {
    const hookUrl = `${origin}${webhookPath(installation)}`;
    const o = { env, log, kv };
    expect((await haloIntegration.install(installation, hookUrl, o)).created).toBe(true);
    // The person driving the sandbox logs a ticket through the dispatcher's own API application.
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: SANDBOX_HALO.dispatcherClientId, client_secret: 'dispatcher-secret', scope: 'all' });
    const token = (await (await fetch(`${sandboxHaloUrls(origin).halopsaAuth}/token?tenant=${SANDBOX_HALO.tenant}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json()) as { access_token: string };
    const created = await fetch(`${sandboxHaloUrls(origin).halopsa}/Tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ summary: 'My mailbox is full', details: 'Outlook says so', user_id: FIRST_USER_ID }]),
    });
    const { id } = (await created.json()) as { id: number };
    await sim.flushWebhooks();
    expect(stored.map((s) => [s.ticketId, s.companyHint, s.action])).toEqual([[String(id), '250', 'New Ticket Logged']]);
    const adapter = haloIntegration.createAdapter(installation, o);
    expect(await adapter.getTicket(String(id))).toMatchObject({ companyId: '250', contactEmail: 'megan.bowen@contoso.example' });
    await adapter.addNote(String(id), { text: 'Raised the quota', visibility: 'resolution', marker: '[ticketfix:s:resolution]' });
    await adapter.setStatus(String(id), 'Resolved');
    await sim.flushWebhooks();
    // Our own write-backs do not echo back as webhooks.
    expect(stored).toHaveLength(1);
    expect(sim.ticket(id)).toMatchObject({ status_name: 'Resolved' });
    expect((await haloIntegration.doctor(installation, hookUrl, o)).filter((c) => !c.ok)).toEqual([]);
  });
});
