import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';
import { HaloBadRequest, HaloNotFound, boolField, intField, readRecords, stringField, upsertResponse } from './halo-errors.js';
import { idParam, intQuery, type RouteHandlers } from './route.js';
import type { HaloState } from './seed-state.js';
import type { HaloNotification, HaloWebhook } from './types.js';

type WebhookRoutes = Pick<
  RouteHandlers,
  'GET /Webhook' | 'POST /Webhook' | 'GET /Webhook/{id}' | 'DELETE /Webhook/{id}' | 'GET /Notification' | 'POST /Notification' | 'DELETE /Notification/{id}' | 'GET /WebhookEvent'
>;

/** What GET answers: never the Basic password. */
const publicView = ({ basic_password: _secret, ...rest }: HaloWebhook) => ({ ...rest, basic_password: _secret ? '********' : '' });

function findWebhook(state: HaloState, id: string): HaloWebhook {
  const hook = state.webhooks.find((w) => w.id.toLowerCase() === id.toLowerCase());
  if (!hook) throw new HaloNotFound(`Webhook ${id} not found.`);
  return hook;
}

function upsertWebhook(state: HaloState, record: Record<string, unknown>): HaloWebhook {
  const id = stringField(record, 'id');
  const existing = id ? state.webhooks.find((w) => w.id.toLowerCase() === id.toLowerCase()) : undefined;
  if (id && !existing) throw new HaloNotFound(`Webhook ${id} not found.`);
  const hook: HaloWebhook = existing
    ? { ...existing }
    : { id: randomUUID(), name: '', url: '', type: 0, method: 0, content_type: 'application/json', authentication_type: 0, basic_username: '', basic_password: '', active: true };
  hook.name = stringField(record, 'name') ?? hook.name;
  hook.url = stringField(record, 'url') ?? hook.url;
  hook.type = intField(record, 'type') ?? hook.type;
  hook.method = intField(record, 'method') ?? hook.method;
  hook.content_type = stringField(record, 'content_type') ?? hook.content_type;
  hook.authentication_type = intField(record, 'authentication_type') ?? hook.authentication_type;
  hook.basic_username = stringField(record, 'basic_username') ?? hook.basic_username;
  // A masked password sent back unchanged keeps the stored one.
  const password = stringField(record, 'basic_password');
  if (password !== undefined && password !== '********') hook.basic_password = password;
  hook.active = boolField(record, 'active') ?? hook.active;
  if (!hook.name.trim()) throw new HaloBadRequest('name is required.');
  if (hook.type === 0) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(hook.url);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol)) throw new HaloBadRequest('An outbound webhook needs an http(s) url.');
  }
  if (hook.authentication_type === 1 && (!hook.basic_username || !hook.basic_password)) throw new HaloBadRequest('Basic authentication needs basic_username and basic_password.');
  if (existing) state.webhooks[state.webhooks.indexOf(existing)] = hook;
  else state.webhooks.push(hook);
  return hook;
}

function upsertNotification(state: HaloState, record: Record<string, unknown>): HaloNotification {
  const id = intField(record, 'id');
  const existing = id ? state.notifications.find((n) => n.id === id) : undefined;
  if (id && !existing) throw new HaloNotFound(`Notification ${id} not found.`);
  const n: HaloNotification = existing ? { ...existing } : { id: state.nextNotificationId++, name: '', webhook_id: '', delivery_method: 6, eventno: 0, type: -2 };
  n.name = stringField(record, 'name') ?? n.name;
  n.webhook_id = stringField(record, 'webhook_id') ?? n.webhook_id;
  n.delivery_method = intField(record, 'delivery_method') ?? n.delivery_method;
  n.eventno = intField(record, 'eventno') ?? n.eventno;
  n.type = intField(record, 'type') ?? n.type;
  if (!(n.eventno > 0)) throw new HaloBadRequest('eventno is required.');
  if (n.delivery_method === 6) findWebhook(state, n.webhook_id);
  if (existing) state.notifications[state.notifications.indexOf(existing)] = n;
  else state.notifications.push(n);
  return n;
}

/** Outbound webhooks, the notification rules that link events to them, and the delivery log. */
export function webhookRoutes(state: HaloState): WebhookRoutes {
  return {
    'GET /Webhook': ({ query }) => {
      const type = intQuery(query, 'type');
      return HttpResponse.json(state.webhooks.filter((w) => type === undefined || w.type === type).map(publicView));
    },
    'POST /Webhook': async ({ request }) => upsertResponse((await readRecords(request)).map((r) => publicView(upsertWebhook(state, r)))),
    'GET /Webhook/{id}': ({ params, query }) => {
      const hook = findWebhook(state, params.id ?? '');
      const details = query.get('includedetails')?.toLowerCase() === 'true';
      return HttpResponse.json(details ? { ...publicView(hook), events: state.notifications.filter((n) => n.webhook_id === hook.id) } : publicView(hook));
    },
    'DELETE /Webhook/{id}': ({ params }) => {
      const hook = findWebhook(state, params.id ?? '');
      state.webhooks.splice(state.webhooks.indexOf(hook), 1);
      // Notification rules pointing at a deleted webhook stay behind, inert (deleted separately).
      return new HttpResponse(null, { status: 200 });
    },
    'GET /Notification': ({ query }) => {
      const webhookId = query.get('webhook_id');
      return HttpResponse.json(state.notifications.filter((n) => !webhookId || n.webhook_id.toLowerCase() === webhookId.toLowerCase()));
    },
    'POST /Notification': async ({ request }) => upsertResponse((await readRecords(request)).map((r) => upsertNotification(state, r))),
    'DELETE /Notification/{id}': ({ params }) => {
      const id = idParam(params);
      const n = state.notifications.find((x) => x.id === id);
      if (!n) throw new HaloNotFound(`Notification ${id} not found.`);
      state.notifications.splice(state.notifications.indexOf(n), 1);
      return new HttpResponse(null, { status: 200 });
    },
    'GET /WebhookEvent': ({ query }) => {
      const webhookId = query.get('webhook_id');
      const rows = state.webhookEvents.filter((e) => !webhookId || e.webhook_id.toLowerCase() === webhookId.toLowerCase());
      return HttpResponse.json({ record_count: rows.length, webhookevents: rows });
    },
  };
}
