import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { haloIntegration } from './integration.js';
import { HALO_TEST_WEBHOOK_URL as url, haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';
import { webhookKvKey, type WebhookRecord } from './webhook-registration.js';

let t: HaloTestSetup;
const server = setupServer();
const log = createLogger({ level: 'silent' });
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  t = haloTestSetup();
  server.resetHandlers(...t.sim.handlers);
});
afterEach(() => expect(t.sim.state.specViolations).toEqual([]));

const opts = () => ({ env: t.env, log, kv: t.kv });
const writes = () => t.sim.calls.filter((c) => c.method !== 'GET' && c.path !== '/auth/token').map((c) => `${c.method} ${c.path}`);

describe('install', () => {
  it('registers one active Basic-auth webhook linked to events 3, 19 and 76, however often it runs', async () => {
    const first = await haloIntegration.install(t.installation, url, opts());
    const second = await haloIntegration.install(t.installation, url, opts());
    expect(first).toEqual({ created: true, detail: expect.stringMatching(/registered for .*; linked events 3, 19, 76$/) });
    expect(second).toEqual({ created: false, detail: expect.stringContaining('already registered') });
    expect(t.sim.state.webhooks).toEqual([
      expect.objectContaining({ url, type: 0, method: 0, active: true, authentication_type: 1, basic_username: 'ticketfix-acme', basic_password: 'hook-password-acme' }),
    ]);
    expect(t.sim.state.notifications.map((n) => [n.eventno, n.delivery_method, n.webhook_id])).toEqual([
      [3, 6, t.sim.state.webhooks[0]!.id],
      [19, 6, t.sim.state.webhooks[0]!.id],
      [76, 6, t.sim.state.webhooks[0]!.id],
    ]);
    expect(writes()).toEqual(['POST /Webhook', 'POST /Notification']);
    const record = t.kvStore.get(webhookKvKey('acme')) as WebhookRecord;
    expect(record).toEqual({ webhookId: t.sim.state.webhooks[0]!.id, url, passwordFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), events: [3, 19, 76] });
    expect(JSON.stringify(record)).not.toContain('hook-password-acme');
  });

  it('repairs a webhook someone disabled and re-links a deleted event, without adding another', async () => {
    await haloIntegration.install(t.installation, url, opts());
    t.sim.state.webhooks[0]!.active = false;
    t.sim.state.notifications.splice(1, 1);
    const again = await haloIntegration.install(t.installation, url, opts());
    expect(again.detail).toMatch(/repaired .*linked events 19$/);
    expect(t.sim.state.webhooks).toEqual([expect.objectContaining({ active: true })]);
    expect(t.sim.state.notifications.map((n) => n.eventno).sort()).toEqual([19, 3, 76].sort());
  });

  it('re-sends the Basic password after it was rotated in the environment', async () => {
    await haloIntegration.install(t.installation, url, opts());
    const rotated = { ...t.env, HALO_ACME_WEBHOOK_PASSWORD: 'rotated-password' };
    expect((await haloIntegration.install(t.installation, url, { ...opts(), env: rotated })).detail).toContain('repaired');
    expect(t.sim.state.webhooks).toEqual([expect.objectContaining({ basic_password: 'rotated-password' })]);
  });

  it('adopts a webhook already registered for the url when kv lost its record', async () => {
    await haloIntegration.install(t.installation, url, opts());
    t.kvStore.clear();
    const again = await haloIntegration.install(t.installation, url, opts());
    expect(again.created).toBe(false);
    expect(t.sim.state.webhooks).toHaveLength(1);
    expect(t.kvStore.get(webhookKvKey('acme'))).toMatchObject({ webhookId: t.sim.state.webhooks[0]!.id });
  });

  it('refuses to install without the webhook password, naming the variable', async () => {
    await expect(haloIntegration.install(t.installation, url, { ...opts(), env: { HALO_ACME_SECRET: t.app.clientSecret } })).rejects.toThrow(/HALO_ACME_WEBHOOK_PASSWORD/);
    expect(t.sim.state.webhooks).toEqual([]);
  });
});

describe('uninstall', () => {
  it('removes our webhook and its notification links, leaves others alone, and is safe to repeat', async () => {
    await haloIntegration.install(t.installation, 'https://other.example/hook', opts());
    const otherId = t.sim.state.webhooks[0]!.id;
    t.kvStore.clear();
    await haloIntegration.install(t.installation, url, opts());
    expect(await haloIntegration.uninstall(t.installation, url, opts())).toEqual({ removed: 1 });
    expect(t.sim.state.webhooks.map((w) => w.id)).toEqual([otherId]);
    expect(new Set(t.sim.state.notifications.map((n) => n.webhook_id))).toEqual(new Set([otherId]));
    expect(t.kvStore.has(webhookKvKey('acme'))).toBe(false);
    expect(await haloIntegration.uninstall(t.installation, url, opts())).toEqual({ removed: 0 });
  });
});
