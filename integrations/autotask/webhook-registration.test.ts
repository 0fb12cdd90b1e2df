import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TECHNICIAN_RESOURCE_ID } from '../../mocks/autotask/seed-state.js';
import { AT_API_RESOURCE_ID, atFetch } from '../../mocks/autotask/test-kit.js';
import { autotaskTestSetup, AT_WEBHOOK_SECRET, type AutotaskTestSetupOptions } from '../../test/support/autotask/test-kit.js';
import { installAutotaskWebhook, uninstallAutotaskWebhook } from './webhook-registration.js';
import { registrationKey, type WebhookRegistration } from './webhook-registry.js';

const URL_ = 'https://app.ticketfix.example/webhooks/autotask/acme';
let t: ReturnType<typeof autotaskTestSetup>;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
function use(o: AutotaskTestSetupOptions = {}) {
  t = autotaskTestSetup(o);
  // The app's route: here it only takes the deactivation notices that deleting a webhook causes.
  server.resetHandlers(...t.sim.handlers, http.post(URL_, () => new HttpResponse(null, { status: 200 })));
}
beforeEach(() => use());
afterEach(() => expect(t.sim.state.specViolations).toEqual([]));

const install = (secret = AT_WEBHOOK_SECRET) => installAutotaskWebhook({ client: t.client(), installation: t.installation, webhookUrl: URL_, secret, kv: t.kv });
const fieldNames = (webhookId: number) => {
  const byId = new Map([...t.sim.state.fields.webhookFieldIds].map(([n, id]) => [id, n]));
  return t.sim.state.webhookFields.filter((f) => f.webhookID === webhookId).map((f) => ({ name: byId.get(f.fieldID), subscribed: f.isSubscribedField, always: f.isDisplayAlwaysField }));
};

describe('install', () => {
  it('registers one active, ready TicketWebhook with only webhook-capable fields, our API user excluded, and stores its GUID', async () => {
    const r = await install();
    expect(r).toMatchObject({ created: true, isReady: true, fieldsSkipped: ['description'], excludedResourceId: AT_API_RESOURCE_ID, duplicatesRemoved: 0 });
    const [webhook] = t.sim.state.webhooks;
    expect(webhook).toMatchObject({ id: r.webhookId, webhookUrl: URL_, deactivationUrl: `${URL_}?event=deactivated`, isActive: true, isReady: true, isSubscribedToCreateEvents: true, isSubscribedToUpdateEvents: true, isSubscribedToDeleteEvents: false, webhookGUID: r.guid });
    expect(t.sim.webhookSecret(r.webhookId)).toBe(AT_WEBHOOK_SECRET);
    expect(fieldNames(r.webhookId)).toEqual(
      expect.arrayContaining([
        { name: 'status', subscribed: true, always: false },
        { name: 'title', subscribed: true, always: false },
        { name: 'companyID', subscribed: true, always: true },
        { name: 'contactID', subscribed: true, always: false },
      ]),
    );
    expect(fieldNames(r.webhookId).map((f) => f.name)).not.toContain('description');
    // The API user and the impersonated resource: Autotask may credit our writes to either.
    expect(t.sim.state.webhookExcludedResources).toEqual([
      expect.objectContaining({ webhookID: r.webhookId, resourceID: AT_API_RESOURCE_ID }),
      expect.objectContaining({ webhookID: r.webhookId, resourceID: TECHNICIAN_RESOURCE_ID }),
    ]);
    expect(await t.kv.getKv<WebhookRegistration>(registrationKey('acme'))).toEqual({ webhookId: r.webhookId, guid: r.guid, webhookUrl: URL_, apiResourceId: AT_API_RESOURCE_ID, installedAt: expect.any(String) });
  });

  it('resolves fields by their webhook labels (companyID is "Account"), never by comparing labels with REST names alone', async () => {
    const r = await install();
    expect(r.fieldsAdded).toEqual(expect.arrayContaining(['companyID', 'queueID', 'issueType', 'subIssueType', 'contactID']));
    const ids = t.sim.state.webhookFields.filter((f) => f.webhookID === r.webhookId).map((f) => f.fieldID);
    expect(ids).toContain(t.sim.state.fields.webhookFieldIds.get('companyID'));
  });

  it('fails loudly when a required field cannot be resolved (a relabelled database), naming the config that fixes it', async () => {
    use({ sim: { webhookFieldLabels: { companyID: 'Kunde' } } });
    const err = await install().then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toContain('companyID');
    expect(err?.message).toContain('autotask.webhookFieldIds');
    // Pinning the id from the picklist makes the same database install.
    const companyFieldId = t.sim.state.fields.webhookFieldIds.get('companyID')!;
    use({ sim: { webhookFieldLabels: { companyID: 'Kunde' } }, autotask: { webhookFieldIds: { companyID: companyFieldId } } });
    expect((await install()).fieldsAdded).toContain('companyID');
  });

  it('is idempotent: a second install changes nothing but re-applies the (rotated) secret', async () => {
    const first = await install();
    const state = JSON.stringify([t.sim.state.webhooks, t.sim.state.webhookFields, t.sim.state.webhookExcludedResources]);
    const second = await install('a-rotated-secret-0123456789');
    expect(second).toMatchObject({ created: false, webhookId: first.webhookId, guid: first.guid, fieldsAdded: [] });
    expect(JSON.stringify([t.sim.state.webhooks, t.sim.state.webhookFields, t.sim.state.webhookExcludedResources])).toBe(state);
    expect(t.sim.webhookSecret(first.webhookId)).toBe('a-rotated-secret-0123456789');
  });

  it('repairs a deactivated webhook and removes duplicates left by an interrupted install', async () => {
    const first = await install();
    t.sim.deactivateWebhook(first.webhookId);
    const dup = await atFetch(t.sim, '/TicketWebhooks', { method: 'POST', body: { name: 'dup', webhookUrl: URL_, deactivationUrl: URL_, isActive: true } });
    await t.sim.flushWebhooks();
    const again = await install();
    expect(again).toMatchObject({ created: false, webhookId: first.webhookId, duplicatesRemoved: 1 });
    expect(t.sim.state.webhooks.map((w) => [w.id, w.isActive])).toEqual([[first.webhookId, true]]);
    expect(t.sim.state.webhooks.some((w) => w.id === dup.json.itemId)).toBe(false);
  });

  it("finds the API user's resource by user name when apiResourceId is not configured, and uses it when it is", async () => {
    await install();
    expect(t.sim.calls.filter((c) => c.path === '/Resources/query')).toHaveLength(1);
    use({ autotask: { apiResourceId: AT_API_RESOURCE_ID } });
    await install();
    expect(t.sim.calls.filter((c) => c.path === '/Resources/query')).toHaveLength(0);
  });

  it("fails with Autotask's permission error when the API user's security level cannot create webhooks", async () => {
    use({ sim: { permissions: { canCreateWebhooks: false } } });
    await expect(install()).rejects.toMatchObject({ status: 403, message: expect.stringContaining('Can create WebHooks') });
    expect(await t.kv.getKv(registrationKey('acme'))).toBeNull();
  });
});

describe('uninstall', () => {
  it('deletes the webhook, marks the registration removed, and is safe to repeat', async () => {
    const r = await install();
    expect(await uninstallAutotaskWebhook({ client: t.client(), installationId: 'acme', webhookUrl: URL_, kv: t.kv })).toEqual({ removed: 1 });
    expect(t.sim.state.webhooks).toEqual([]);
    expect(await t.kv.getKv<WebhookRegistration>(registrationKey('acme'))).toMatchObject({ guid: r.guid, removedAt: expect.any(String) });
    expect(await uninstallAutotaskWebhook({ client: t.client(), installationId: 'acme', webhookUrl: URL_, kv: t.kv })).toEqual({ removed: 0 });
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.map((d) => [d.kind, d.url, d.status])).toEqual([['deactivation', `${URL_}?event=deactivated`, 200]]);
  });
});
