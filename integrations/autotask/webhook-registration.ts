import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { AT_MAX_RECORDS, AtExcludedResource, AtResource, AtWebhook, AtWebhookField, ItemId, itemOf, itemsOf, type AtWebhook as Webhook } from './api-schemas.js';
import type { AutotaskInstallation } from './installation-schema.js';
import { deactivationUrlFor } from './webhook-handler.js';
import { registrationKey, type Kv, type WebhookRegistration } from './webhook-registry.js';
import { resolveWebhookFieldIds } from './webhook-field-ids.js';
import { AUTOTASK_SYSTEM } from './zone-discovery.js';

/** Ticket fields whose change should reach us; only those Autotask marks webhook-capable are added. */
export const SUBSCRIBED_FIELDS = ['status', 'title', 'description', 'companyID', 'contactID', 'queueID', 'priority', 'issueType', 'subIssueType'];
/** Sent with every event so the company is known without a subscription to its changes. */
export const DISPLAY_ALWAYS_FIELDS = ['companyID'];
/** Without these the webhook is no use (no company hint, no status or title change): install fails loudly. */
export const REQUIRED_FIELDS = ['companyID', 'status', 'title'];

export interface InstallOptions {
  client: HttpClient;
  installation: AutotaskInstallation;
  webhookUrl: string;
  secret: string;
  kv: Kv;
  now?: () => Date;
}

export interface InstallResult {
  created: boolean;
  webhookId: number;
  guid: string;
  isReady: boolean;
  fieldsAdded: string[];
  /** Wanted fields this database does not offer for webhooks. */
  fieldsSkipped: string[];
  excludedResourceId: number;
  /** Every resource excluded (the API user and the impersonation resource). */
  excludedResourceIds: number[];
  /** Extra webhooks for the same URL (a half-finished earlier install) that were deleted. */
  duplicatesRemoved: number;
}

const byUrl = (url: string) => ({ filter: [{ op: 'eq', field: 'webhookUrl', value: url }], maxRecords: AT_MAX_RECORDS });

export async function findWebhooks(client: HttpClient, webhookUrl: string): Promise<Webhook[]> {
  // POST /TicketWebhooks/query (not in the bundled spec; same shape as CompanyWebhooks_Query)
  const found = await client.request({ method: 'POST', path: '/TicketWebhooks/query', operation: 'findWebhook', body: byUrl(webhookUrl), idempotent: true, schema: itemsOf(AtWebhook) });
  return found.items.filter((w) => w.webhookUrl === webhookUrl).sort((a, b) => a.id - b.id);
}

/** The API user's own resource id: configured, or found by user name (Resources.userName). */
export async function apiResourceIdOf(client: HttpClient, at: AutotaskInstallation['autotask']): Promise<number> {
  if (at.apiResourceId) return at.apiResourceId;
  // POST /Resources/query (Resources_Query)
  const found = await client.request({ method: 'POST', path: '/Resources/query', operation: 'findApiUser', body: { filter: [{ op: 'eq', field: 'userName', value: at.apiUserName }], maxRecords: 1 }, idempotent: true, schema: itemsOf(AtResource) });
  const id = found.items[0]?.id;
  if (!id) throw new OutsideApiError(AUTOTASK_SYSTEM, 'findApiUser', null, `no Autotask resource has userName '${at.apiUserName}'; set autotask.apiResourceId to the API user's resource id`, false);
  return id;
}

/**
 * Registers (or repairs) the installation's TicketWebhook, idempotently: one webhook per URL,
 * re-activated and re-keyed with the current secret when it exists; subscribed to create and
 * update events; the wanted webhook-capable fields added (a webhook with no field is never
 * `isReady`, so Autotask never calls it); the API user excluded so our own writes do not echo.
 * Calls are sequential: Autotask allows only 3 concurrent requests per endpoint.
 */
export async function installAutotaskWebhook(o: InstallOptions): Promise<InstallResult> {
  const { client, webhookUrl } = o;
  const at = o.installation.autotask;
  const settings = {
    name: `TicketFix ${o.installation.id}`.slice(0, 50),
    webhookUrl,
    deactivationUrl: deactivationUrlFor(webhookUrl),
    secretKey: o.secret,
    isActive: true,
    isSubscribedToCreateEvents: true,
    isSubscribedToUpdateEvents: true,
    isSubscribedToDeleteEvents: false,
    sendThresholdExceededNotification: true,
  };
  const [existing, ...duplicates] = await findWebhooks(client, webhookUrl);
  for (const extra of duplicates) await client.request({ method: 'DELETE', path: `/TicketWebhooks/${extra.id}`, operation: 'removeDuplicateWebhook', schema: ItemId });
  let webhookId: number;
  if (existing) {
    webhookId = existing.id;
    // PATCH /TicketWebhooks: the secret cannot be read back, so it is always re-applied.
    await client.request({ method: 'PATCH', path: '/TicketWebhooks', operation: 'repairWebhook', body: { id: webhookId, ...settings }, idempotent: true, schema: ItemId });
  } else {
    // POST /TicketWebhooks (REST_WebhooksEntity.htm)
    webhookId = (await client.request({ method: 'POST', path: '/TicketWebhooks', operation: 'registerWebhook', body: settings, schema: ItemId })).itemId;
  }

  const wanted = [...new Set([...SUBSCRIBED_FIELDS, ...DISPLAY_ALWAYS_FIELDS])];
  const { ids, unresolved } = await resolveWebhookFieldIds(client, wanted, at.webhookFieldIds);
  const missing = REQUIRED_FIELDS.filter((f) => unresolved.includes(f));
  if (missing.length > 0) {
    throw new OutsideApiError(AUTOTASK_SYSTEM, 'install', null, `Autotask offers no webhook field recognisable as ${missing.join(', ')} (TicketWebhookFields fieldID picklist); `
      + `if this database relabels them, set autotask.webhookFieldIds (e.g. { "${missing[0]}": <fieldID> }) from GET /TicketWebhookFields/entityInformation/fields`, false);
  }
  const have = new Set((await client.request({ method: 'GET', path: `/TicketWebhooks/${webhookId}/Fields`, operation: 'listWebhookFields', schema: itemsOf(AtWebhookField) })).items.map((f) => f.fieldID));
  const fieldsAdded: string[] = [];
  const fieldsSkipped: string[] = [];
  for (const name of wanted) {
    const fieldID = ids.get(name);
    if (fieldID === undefined) {
      fieldsSkipped.push(name);
      continue;
    }
    if (have.has(fieldID)) continue;
    // POST /TicketWebhooks/{parentId}/Fields (REST_WebhookFieldsEntity.htm)
    const body = { webhookID: webhookId, fieldID, isSubscribedField: SUBSCRIBED_FIELDS.includes(name), isDisplayAlwaysField: DISPLAY_ALWAYS_FIELDS.includes(name) };
    await client.request({ method: 'POST', path: `/TicketWebhooks/${webhookId}/Fields`, operation: 'addWebhookField', body, schema: ItemId });
    fieldsAdded.push(name);
  }
  if (have.size === 0 && fieldsAdded.length === 0) {
    throw new OutsideApiError(AUTOTASK_SYSTEM, 'install', null, `none of the ticket fields ${SUBSCRIBED_FIELDS.join(', ')} is offered for webhooks, so Autotask would never call the webhook`, false);
  }

  // Both resources are excluded: Autotask may credit an impersonated write to the impersonated
  // resource (PersonID), so excluding only the API user could let our own notes and status
  // changes come back as webhooks. The impersonation resource should be one the app alone uses.
  const excludedResourceId = await apiResourceIdOf(client, at);
  const excludedIds = [...new Set([excludedResourceId, at.impersonationResourceId])];
  const excluded = await client.request({ method: 'GET', path: `/TicketWebhooks/${webhookId}/ExcludedResources`, operation: 'listExcludedResources', schema: itemsOf(AtExcludedResource) });
  for (const resourceID of excludedIds) {
    if (excluded.items.some((x) => x.resourceID === resourceID)) continue;
    // POST /TicketWebhooks/{parentId}/ExcludedResources: events these resources cause are not sent.
    await client.request({ method: 'POST', path: `/TicketWebhooks/${webhookId}/ExcludedResources`, operation: 'excludeOwnResource', body: { webhookID: webhookId, resourceID }, schema: ItemId });
  }

  const { item } = await client.request({ method: 'GET', path: `/TicketWebhooks/${webhookId}`, operation: 'readWebhook', schema: itemOf(AtWebhook) });
  if (!item?.webhookGUID) throw new OutsideApiError(AUTOTASK_SYSTEM, 'install', null, `TicketWebhook ${webhookId} came back without a webhookGUID`, false);
  const registration: WebhookRegistration = { webhookId, guid: item.webhookGUID, webhookUrl, apiResourceId: excludedResourceId, installedAt: (o.now?.() ?? new Date()).toISOString() };
  await o.kv.setKv(registrationKey(o.installation.id), registration);
  return { created: !existing, webhookId, guid: item.webhookGUID, isReady: item.isReady === true, fieldsAdded, fieldsSkipped, excludedResourceId, excludedResourceIds: excludedIds, duplicatesRemoved: duplicates.length };
}

/** Deletes every TicketWebhook for the URL (Autotask then calls the deactivation URL, which is now expected). */
export async function uninstallAutotaskWebhook(o: { client: HttpClient; installationId: string; webhookUrl: string; kv: Kv; now?: () => Date }): Promise<{ removed: number }> {
  const ours = await findWebhooks(o.client, o.webhookUrl);
  const reg = await o.kv.getKv<WebhookRegistration>(registrationKey(o.installationId));
  // Marked first, so the deactivation call that follows the DELETE is recognised as ours.
  if (reg) await o.kv.setKv(registrationKey(o.installationId), { ...reg, removedAt: (o.now?.() ?? new Date()).toISOString() });
  for (const webhook of ours) {
    // DELETE /TicketWebhooks/{id}
    await o.client.request({ method: 'DELETE', path: `/TicketWebhooks/${webhook.id}`, operation: 'removeWebhook', schema: ItemId });
  }
  return { removed: ours.length };
}
