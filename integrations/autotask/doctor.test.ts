import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUARDED_RESOURCE_ID, INACTIVE_RESOURCE_ID } from '../../mocks/autotask/seed-state.js';
import { AT_API_RESOURCE_ID } from '../../mocks/autotask/test-kit.js';
import { createLogger } from '../../src/log.js';
import { autotaskDoctor } from './doctor.js';
import { recordDeactivation } from './record-deactivation.js';
import { autotaskTestSetup, AT_WEBHOOK_SECRET, type AutotaskTestSetupOptions } from '../../test/support/autotask/test-kit.js';
import { installAutotaskWebhook } from './webhook-registration.js';

const URL_ = 'https://app.ticketfix.example/webhooks/autotask/acme';
let t: ReturnType<typeof autotaskTestSetup>;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
function use(o: AutotaskTestSetupOptions = {}) {
  t = autotaskTestSetup(o);
  server.resetHandlers(...t.sim.handlers, http.post(URL_, () => new HttpResponse(null, { status: 200 })));
}
const install = () => installAutotaskWebhook({ client: t.client(), installation: t.installation, webhookUrl: URL_, secret: AT_WEBHOOK_SECRET, kv: t.kv });
const doctor = async () => Object.fromEntries((await autotaskDoctor({ client: t.client(), installation: t.installation, webhookUrl: URL_, kv: t.kv })).map((c) => [c.name, c]));

describe('autotask doctor', () => {
  it('passes every check on a healthy installation found through zone discovery', async () => {
    use({ baseUrl: null });
    await install();
    const checks = await doctor();
    expect(Object.keys(checks)).toEqual(['zone', 'credentials', 'api-budget', 'webhook-permission', 'webhook', 'deactivation', 'impersonation-resource']);
    expect(Object.values(checks).filter((c) => !c.ok)).toEqual([]);
    expect(checks.zone!.detail).toContain(`is served by ${t.sim.baseUrl}`);
    expect(checks['impersonation-resource']!.detail).toContain('Terry Technician');
  });

  it("names the missing 'Can create WebHooks' permission and the missing webhook", async () => {
    use({ sim: { permissions: { canCreateWebhooks: false } } });
    const checks = await doctor();
    expect(checks['webhook-permission']).toMatchObject({ ok: false, detail: expect.stringContaining("lacks the 'Can create WebHooks' permission") });
    expect(checks.webhook).toMatchObject({ ok: false, detail: `no TicketWebhook points at ${URL_}; run install` });
  });

  it('stops at rejected credentials, naming the secret variable but not its value', async () => {
    use();
    t.env.AT_ACME_SECRET = 'not-the-secret';
    const checks = await doctor();
    expect(Object.keys(checks)).toEqual(['zone', 'credentials']);
    expect(checks.credentials).toMatchObject({ ok: false, detail: expect.stringContaining('$AT_ACME_SECRET') });
    expect(checks.credentials!.detail).not.toContain('not-the-secret');
  });

  it('reports a deactivated webhook and the deactivation notice', async () => {
    use();
    const r = await install();
    t.sim.deactivateWebhook(r.webhookId);
    await t.sim.flushWebhooks();
    // What the webhook route records when the notice arrives (see webhook-handler.test.ts).
    await recordDeactivation({ kv: t.kv, installationId: 'acme', json: JSON.parse(t.sim.deliveries[0]!.body), signed: true, now: new Date(), log: createLogger() });
    const checks = await doctor();
    expect(checks.webhook).toMatchObject({ ok: false, detail: expect.stringContaining(`webhook ${r.webhookId} is deactivated`) });
    expect(checks.deactivation).toMatchObject({ ok: false, detail: expect.stringContaining('Autotask called the deactivation URL') });
  });

  it('reports a webhook whose GUID the store does not know, and one without our API user excluded', async () => {
    use();
    const r = await install();
    await t.kv.setKv('autotask:acme:webhook', { webhookId: r.webhookId, guid: 'stale-guid', webhookUrl: URL_, apiResourceId: AT_API_RESOURCE_ID, installedAt: new Date().toISOString() });
    t.sim.state.webhookExcludedResources.length = 0;
    const checks = await doctor();
    expect(checks.webhook!.ok).toBe(false);
    expect(checks.webhook!.detail).toContain('the store expects GUID stale-guid');
    expect(checks.webhook!.detail).toContain('our own writes come back as webhooks');
  });

  it('reports a webhook that excludes the API user but not the impersonation resource (an echo path)', async () => {
    use();
    await install();
    const keep = t.sim.state.webhookExcludedResources.filter((x) => x.resourceID === AT_API_RESOURCE_ID);
    t.sim.state.webhookExcludedResources.splice(0, t.sim.state.webhookExcludedResources.length, ...keep);
    const checks = await doctor();
    expect(checks.webhook).toMatchObject({ ok: false, detail: expect.stringContaining('the impersonation resource 29682886 is not excluded') });
  });

  it.each([
    [INACTIVE_RESOURCE_ID, 'is inactive'],
    [GUARDED_RESOURCE_ID, 'does not allow impersonation'],
    [AT_API_RESOURCE_ID, 'is the API user itself'],
    [424242, 'does not exist'],
  ])('flags impersonation resource %s: %s', async (id, message) => {
    use({ autotask: { impersonationResourceId: id, apiResourceId: AT_API_RESOURCE_ID } });
    const checks = await doctor();
    expect(checks['impersonation-resource']).toMatchObject({ ok: false, detail: expect.stringContaining(message) });
  });

  it('warns when the hourly budget is mostly used', async () => {
    use({ sim: { limits: { requestsPerHour: 10 } } });
    for (let i = 0; i < 8; i++) await t.client().request({ method: 'GET', path: '/Companies/250', operation: 'x' });
    const checks = await doctor();
    expect(checks['api-budget']).toMatchObject({ ok: false, detail: expect.stringMatching(/^9 of 10 requests used/) });
  });
});
