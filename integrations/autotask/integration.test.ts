import type { Server } from 'node:http';
import express from 'express';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Signal } from '../../src/model/signal.js';
import { autotaskIntegration } from './integration.js';
import { autotaskTestSetup } from '../../test/support/autotask/test-kit.js';

let appServer: Server;
let origin: string;
const server = setupServer();
const t = autotaskTestSetup();
const signals: Signal[] = [];
const attempts: string[] = [];

beforeAll(async () => {
  const app = express();
  // Mounted the way src/server mounts every PSA: one raw-body route per installation.
  app.post('/webhooks/autotask/acme', express.raw({ type: () => true }), autotaskIntegration.createWebhookHandler(t.installation, { ...t.runtime(), intake: async (s) => (signals.push(s), { inserted: true }) }));
  await new Promise<void>((resolve) => {
    appServer = app.listen(0, '127.0.0.1', () => resolve());
  });
  const address = appServer.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  server.listen({ onUnhandledRequest: 'error' });
  server.use(...t.sim.handlers, http.all(`${origin}/*`, () => passthrough()));
});
afterAll(async () => {
  server.close();
  await new Promise((r) => appServer.close(r));
});

describe('autotaskIntegration', () => {
  it('installs, receives, lists changes, passes the doctor and uninstalls through the PsaIntegration contract', async () => {
    const webhookUrl = `${origin}/webhooks/autotask/acme`;
    const runtime = t.runtime({ onAttempt: (a) => void attempts.push(`${a.method} ${a.path}`) });
    const installed = await autotaskIntegration.install(t.installation, webhookUrl, runtime);
    expect(installed).toMatchObject({ created: true, detail: expect.stringMatching(/^TicketWebhook \d+ registered for .*; ready; fields added: status, title/) });
    expect(installed.detail).toContain('not webhook-capable here: description');
    expect((await autotaskIntegration.install(t.installation, webhookUrl, runtime)).created).toBe(false);
    expect(t.sim.state.webhooks).toHaveLength(1);

    const since = new Date(Date.now() - 1);
    const ticket = t.sim.createTicket({ title: 'Mailbox almost full', companyID: 250, contactID: 30682901 });
    await t.sim.flushWebhooks();
    expect(signals.map((s) => [s.source, s.action, s.ticketId])).toEqual([['autotask', 'Create', String(ticket.id)]]);
    expect(await autotaskIntegration.listChangedTickets(t.installation, since, runtime)).toEqual([{ ticketId: String(ticket.id), updatedAt: ticket.lastActivityDate }]);

    const adapter = autotaskIntegration.createAdapter(t.installation, runtime);
    expect(await adapter.getTicket(String(ticket.id))).toMatchObject({ psa: 'autotask', contactEmail: 'megan.bowen@contoso.example' });

    const checks = await autotaskIntegration.doctor(t.installation, webhookUrl, runtime);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(attempts).toContain('GET /ThresholdInformation');

    expect(await autotaskIntegration.uninstall(t.installation, webhookUrl, runtime)).toEqual({ removed: 1 });
    await t.sim.flushWebhooks();
    expect(t.sim.state.webhooks).toEqual([]);
    expect(t.sim.state.specViolations).toEqual([]);
  });

  it('refuses to install with a webhook secret Autotask would not take', async () => {
    await expect(autotaskIntegration.install(t.installation, `${origin}/x`, t.runtime({ env: { ...t.env, AT_ACME_WEBHOOK_SECRET: 'short' } }))).rejects.toMatchObject({ message: expect.stringContaining('AT_ACME_WEBHOOK_SECRET must hold the webhook secret (10 to 64 characters)') });
  });
});
