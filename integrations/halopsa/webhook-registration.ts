import { createHmac } from 'node:crypto';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { PsaRuntimeOptions } from '../psa-integration.js';
import { HaloNotifications, HaloWebhook, HaloWebhooks, oneOrFirst, type HaloWebhook as Hook } from './api-schemas.js';
import type { HaloClient } from './halo-client.js';

export interface WebhookRegistrationOptions {
  client: HaloClient;
  /** Where Halo should POST ticket events for this installation (the app's webhook route). */
  webhookUrl: string;
  username: string;
  password: string;
  /** Notification event numbers to link (3 New Ticket Logged, 19 Updated by User, 76 Status Changed). */
  events: number[];
  kv: PsaRuntimeOptions['kv'];
  name?: string;
}

/** What install remembers in the shared kv store (no secret: a keyed fingerprint of the password). */
export interface WebhookRecord {
  webhookId: string;
  url: string;
  passwordFingerprint: string;
  events: number[];
}

export const webhookKvKey = (installationId: string) => `halopsa:${installationId}:webhook`;

/** Tells whether the registered password is the current one without storing it. */
const fingerprint = (url: string, password: string) => createHmac('sha256', `ticketfix:halopsa:${url}`).update(password).digest('hex').slice(0, 32);

const WEBHOOK_DELIVERY = 6;
const OUTBOUND = 0;
const BASIC_AUTH = 1;

async function listWebhooks(client: HaloClient): Promise<Hook[]> {
  // GET /api/Webhook?type=0 (outbound webhooks)
  return client.request({ method: 'GET', path: '/Webhook', operation: 'listWebhooks', query: { type: OUTBOUND }, schema: HaloWebhooks });
}

async function linkedEvents(client: HaloClient, webhookId: string) {
  // GET /api/Notification?webhook_id=…
  const all = await client.request({ method: 'GET', path: '/Notification', operation: 'listNotifications', query: { webhook_id: webhookId }, schema: HaloNotifications });
  return all.filter((n) => (n.webhook_id ?? '').toLowerCase() === webhookId.toLowerCase());
}

/**
 * Registers our outbound webhook (POST /api/Webhook, Basic auth with this installation's
 * credentials, active) and links it to the ticket events (POST /api/Notification, delivery
 * method 6 = webhook), idempotently: the webhook is found by the id kept in kv or by its url,
 * repaired when it drifted (inactive, other url or username, a rotated password), and only
 * missing events are linked. Running it twice registers once.
 */
export async function installHaloWebhook(o: WebhookRegistrationOptions & { installationId: string }): Promise<{ webhookId: string; created: boolean; repaired: boolean; linked: number[] }> {
  const key = webhookKvKey(o.installationId);
  const record = await o.kv.getKv<WebhookRecord>(key);
  const hooks = await listWebhooks(o.client);
  const existing = (record && hooks.find((h) => h.id.toLowerCase() === record.webhookId.toLowerCase())) || hooks.find((h) => h.url === o.webhookUrl);
  const print = fingerprint(o.webhookUrl, o.password);
  const desired = {
    name: o.name ?? 'ticketfix: ticket remediation',
    url: o.webhookUrl,
    type: OUTBOUND,
    method: 0,
    content_type: 'application/json',
    authentication_type: BASIC_AUTH,
    basic_username: o.username,
    basic_password: o.password,
    active: true,
  };
  const drifted = (h: Hook) =>
    h.url !== o.webhookUrl || h.active !== true || h.authentication_type !== BASIC_AUTH || h.basic_username !== o.username || record?.webhookId.toLowerCase() !== h.id.toLowerCase() || record.passwordFingerprint !== print;
  let webhookId: string;
  let created = false;
  let repaired = false;
  if (!existing) {
    // POST /api/Webhook [{…}] (an upsert without id creates; answers the record with its uuid)
    webhookId = (await o.client.request({ method: 'POST', path: '/Webhook', operation: 'registerWebhook', body: [desired], schema: oneOrFirst(HaloWebhook) })).id;
    created = true;
  } else {
    webhookId = existing.id;
    if (drifted(existing)) {
      await o.client.request({ method: 'POST', path: '/Webhook', operation: 'repairWebhook', body: [{ ...desired, id: webhookId }], idempotent: true });
      repaired = true;
    }
  }
  const have = new Set((await linkedEvents(o.client, webhookId)).filter((n) => n.delivery_method === WEBHOOK_DELIVERY).map((n) => n.eventno));
  const missing = o.events.filter((e) => !have.has(e));
  if (missing.length > 0) {
    // POST /api/Notification [{webhook_id, eventno, delivery_method: 6, type: -2}]
    await o.client.request({
      method: 'POST',
      path: '/Notification',
      operation: 'linkWebhookEvents',
      body: missing.map((eventno) => ({ name: `ticketfix event ${eventno}`, webhook_id: webhookId, eventno, delivery_method: WEBHOOK_DELIVERY, type: -2 })),
    });
  }
  await o.kv.setKv(key, { webhookId, url: o.webhookUrl, passwordFingerprint: print, events: o.events } satisfies WebhookRecord);
  return { webhookId, created, repaired, linked: missing };
}

/** Removes our webhook(s) for the url (and the one kept in kv) with their notification links; safe to repeat. */
export async function uninstallHaloWebhook(o: { client: HaloClient; webhookUrl: string; kv: PsaRuntimeOptions['kv']; installationId: string }): Promise<{ removed: number }> {
  const key = webhookKvKey(o.installationId);
  const record = await o.kv.getKv<WebhookRecord>(key);
  const hooks = await listWebhooks(o.client);
  const ids = new Set(hooks.filter((h) => h.url === o.webhookUrl || (record && h.id.toLowerCase() === record.webhookId.toLowerCase())).map((h) => h.id));
  let removed = 0;
  for (const id of ids) {
    for (const n of await linkedEvents(o.client, id)) {
      // DELETE /api/Notification/{id}
      await ignoreNotFound(o.client.request({ method: 'DELETE', path: `/Notification/${n.id}`, operation: 'unlinkWebhookEvent' }));
    }
    // DELETE /api/Webhook/{id}
    if (await ignoreNotFound(o.client.request({ method: 'DELETE', path: `/Webhook/${id}`, operation: 'removeWebhook' }))) removed += 1;
  }
  await o.kv.setKv(key, null);
  return { removed };
}

/** True when the call succeeded, false when the thing was already gone. */
async function ignoreNotFound(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (err) {
    if (err instanceof OutsideApiError && err.status === 404) return false;
    throw err;
  }
}
