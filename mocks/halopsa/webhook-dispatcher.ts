import { randomUUID } from 'node:crypto';
import { haloDate } from './halo-date.js';
import type { HaloState } from './seed-state.js';
import type { HaloAction, HaloTicket, HaloWebhook, HaloWebhookEvent } from './types.js';

/** Halo notification event numbers used for tickets (redanthrax/halopsa-node HaloPsaTrigger). */
export const HALO_EVENTS: Record<number, string> = {
  3: 'New Ticket Logged',
  19: 'Updated by User',
  39: 'Closed',
  76: 'Status Changed',
  1072: 'Ticket Deleted',
};

/** Who made a change: an agent (API applications log in as one) or an end user. */
export type Actor = { kind: 'agent'; id: number } | { kind: 'user'; id: number };

export interface DispatcherOptions {
  state: HaloState;
  /** The API agent our app logs in as: its own changes fire nothing (no echo). */
  apiAgentId: number;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => Date;
  /** The webhook's payload type (Halo's guide, kbid=838): full object, small object, or event information only. */
  payload?: 'full' | 'small' | 'event-only';
}

const basicHeader = (w: HaloWebhook) => `Basic ${Buffer.from(`${w.basic_username}:${w.basic_password}`).toString('base64')}`;

/**
 * Delivers outbound webhooks like Halo: for each active webhook with a notification for the
 * event, one POST of `{ticket, action?}` JSON (Basic auth when the webhook has it), after the
 * API call that caused it has been answered. Halo does not retry: failures stay in the
 * WebhookEvent log (`state.webhookEvents`) until someone re-sends them (`resend`).
 *
 * Echo choice: changes made by `apiAgentId` (our own write-backs) fire nothing, as if the
 * notification had a condition excluding that agent, and are recorded in `state.suppressed`.
 */
export function createWebhookDispatcher(o: DispatcherOptions) {
  const { state } = o;
  const pending = new Set<Promise<void>>();

  function send(webhook: HaloWebhook, notificationId: number, eventno: number, entityId: number, body: string, resentFrom?: number): void {
    const id = state.nextWebhookEventId++;
    const task = (async () => {
      // Yield first so the API response that caused this delivery goes out before it.
      await new Promise((r) => setTimeout(r, 0));
      const headers: Record<string, string> = { 'content-type': webhook.content_type || 'application/json' };
      if (webhook.authentication_type === 1) headers.authorization = basicHeader(webhook);
      const started = Date.now();
      const record: HaloWebhookEvent = {
        id,
        webhook_id: webhook.id,
        notification_id: notificationId,
        eventno,
        entity_id: entityId,
        timestamp: haloDate(o.now()),
        status: 2,
        duration: 0,
        url: webhook.url,
        // The log shows which headers went out, never the credentials.
        requestheaders: JSON.stringify({ ...headers, ...(headers.authorization ? { authorization: 'Basic ***' } : {}) }),
        requestbody: body,
        responsestatus: null,
        responsebody: '',
        resent_from: resentFrom,
      };
      try {
        const res = await o.fetch(webhook.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(o.timeoutMs) });
        record.responsestatus = res.status;
        record.responsebody = (await res.text().catch(() => '')).slice(0, 2000);
        record.status = res.status >= 200 && res.status < 300 ? 1 : 2;
      } catch (err) {
        record.error = err instanceof Error ? err.message : String(err);
      }
      record.duration = Date.now() - started;
      webhook.last_status = record.responsestatus ?? 0;
      state.webhookEvents.push(record);
      if (state.webhookEvents.length > 10_000) state.webhookEvents.shift();
    })();
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }

  /** Fires `eventno` for a ticket change unless our own API agent made it. */
  function fire(eventno: number, ticket: HaloTicket, action: HaloAction | undefined, actor: Actor): void {
    if (actor.kind === 'agent' && actor.id === o.apiAgentId) {
      state.suppressed.push({ eventno, ticketId: ticket.id, agentId: actor.id });
      return;
    }
    for (const n of state.notifications) {
      if (n.eventno !== eventno || n.delivery_method !== 6) continue;
      const webhook = state.webhooks.find((w) => w.id === n.webhook_id);
      if (!webhook || !webhook.active || webhook.type !== 0) continue;
      // The guide's common properties (id, notification id, escmsg id, event name, webhook id,
      // object id, timestamp); key spellings are not published, snake_case as the API's own.
      const common = { id: randomUUID(), notification_id: n.id, escmsg_id: n.id * 1000 + ticket.id, event: HALO_EVENTS[eventno] ?? `Event ${eventno}`, eventno, webhook_id: webhook.id, object_id: ticket.id, timestamp: haloDate(o.now()) };
      const shape = o.payload ?? 'full';
      const small = { id: ticket.id, summary: ticket.summary, client_id: ticket.client_id, status_id: ticket.status_id };
      const body = JSON.stringify(shape === 'event-only' ? common : { ...common, ticket: shape === 'small' ? small : ticket, ...(action && shape === 'full' ? { action } : {}) });
      send(webhook, n.id, eventno, ticket.id, body);
    }
  }

  /** Re-sends a logged delivery by hand (Halo's "re-send" in the webhook log): same body, current webhook settings. */
  function resend(webhookEventId: number): void {
    const event = state.webhookEvents.find((e) => e.id === webhookEventId);
    if (!event) throw new Error(`no webhook event ${webhookEventId}`);
    const webhook = state.webhooks.find((w) => w.id === event.webhook_id);
    if (!webhook) throw new Error(`webhook ${event.webhook_id} no longer exists`);
    send(webhook, event.notification_id, event.eventno, event.entity_id, event.requestbody, event.id);
  }

  /** Resolves once every scheduled delivery (including ones scheduled meanwhile) has finished. */
  async function flush(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  return { fire, resend, flush };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
