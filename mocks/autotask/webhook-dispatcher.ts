import type { Actor } from './auth.js';
import { pushBounded, type AutotaskState } from './seed-state.js';
import { autotaskEscapeJson, signWebhookBody } from './sign-webhook.js';
import type { AtTicket, AtTicketWebhook, WebhookDelivery } from './types.js';

export interface WebhookDeliveryOptions {
  /** Waits before each retry of a failed delivery (real: 30 s, five attempts within two minutes). */
  retryDelaysMs?: number[];
  /** Per-attempt timeout (real: 10 s). */
  timeoutMs?: number;
  /** Consecutive failed attempts after which the webhook is deactivated (real: 25). */
  deactivateAfterFailures?: number;
  /**
   * 'escaped' (default): the bytes on the wire are Autotask's escaped JSON and the signature
   * covers them. 'plain': the body arrives as plain JSON while the signature still covers its
   * escaped form, the case n8n's receiver re-escapes for; a receiver must pass both.
   */
  wireFormat?: 'escaped' | 'plain';
}

interface Job {
  webhookId: number;
  kind: WebhookDelivery['kind'];
  url: string;
  action: string;
  ticketId: number | null;
  sequenceNumber: number;
  body: string;
  signature: string;
}

export type TicketAction = 'Create' | 'Update' | 'Delete';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Fires ticket webhooks like Autotask: after the change is stored, one POST per active, ready
 * webhook subscribed to the action, unless an ExcludedResource made the change. Update events
 * fire only when a subscribed field changed; `Fields` carries the changed subscribed fields
 * (all subscribed fields on Create) plus the display-always ones. Deliveries per webhook go out
 * in order; a failed one is retried on the configured schedule, then dropped; after N
 * consecutive failures the webhook is deactivated and its deactivationUrl is called.
 */
export function createWebhookDispatcher(state: AutotaskState, o: WebhookDeliveryOptions & { fetch: typeof fetch; now: () => Date }) {
  const retryDelays = o.retryDelaysMs ?? [30_000, 30_000, 30_000, 30_000];
  const timeoutMs = o.timeoutMs ?? 10_000;
  const deactivateAfter = o.deactivateAfterFailures ?? 25;
  const queues = new Map<number, Job[]>();
  const pending = new Set<Promise<void>>();

  function track(task: Promise<void>): void {
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }

  function build(webhook: AtTicketWebhook, payload: Record<string, unknown>): { body: string; signature: string } {
    const secret = state.webhookSecrets.get(webhook.id)?.secretKey ?? '';
    const plain = JSON.stringify(payload);
    const escaped = autotaskEscapeJson(plain);
    // Without a secret key Autotask has nothing to sign with, so no header is sent.
    return { body: o.wireFormat === 'plain' ? plain : escaped, signature: secret ? signWebhookBody(escaped, secret) : '' };
  }

  async function attempt(job: Job, attemptNo: number): Promise<boolean> {
    const record: WebhookDelivery = { ...job, attempt: attemptNo, status: null, at: o.now().toISOString() };
    try {
      const res = await o.fetch(job.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...(job.signature ? { 'x-hook-signature': job.signature } : {}) },
        body: job.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      record.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    pushBounded(state.deliveries, record);
    return record.status !== null && record.status >= 200 && record.status < 300;
  }

  async function pump(webhookId: number): Promise<void> {
    // Yield first so the API response that caused the event goes out before it.
    await sleep(0);
    const queue = queues.get(webhookId) ?? [];
    while (queue.length > 0) {
      const job = queue[0] as Job;
      let delivered = false;
      let lastError = '';
      for (let n = 0; n <= retryDelays.length && !delivered; n++) {
        if (n > 0) await sleep(retryDelays[n - 1] as number);
        const webhook = state.webhooks.find((w) => w.id === webhookId);
        const secrets = state.webhookSecrets.get(webhookId);
        if (!webhook?.isActive || !secrets) break;
        delivered = await attempt(job, n + 1);
        if (delivered) {
          secrets.consecutiveFailures = 0;
          break;
        }
        lastError = state.deliveries.at(-1)?.error ?? `HTTP ${state.deliveries.at(-1)?.status}`;
        secrets.consecutiveFailures += 1;
        if (secrets.consecutiveFailures >= deactivateAfter) {
          deactivate(webhook);
          break;
        }
      }
      if (!delivered) pushBounded(state.droppedEvents, { webhookId, sequenceNumber: job.sequenceNumber, ticketId: job.ticketId ?? 0, lastError, at: o.now().toISOString() });
      queue.shift();
    }
    queues.delete(webhookId);
  }

  function enqueue(job: Job): void {
    const queue = queues.get(job.webhookId);
    if (queue) {
      queue.push(job);
      return;
    }
    queues.set(job.webhookId, [job]);
    track(pump(job.webhookId));
  }

  function fieldNames(webhookId: number, pickSubscribed: boolean): string[] {
    const byId = new Map([...state.fields.webhookFieldIds].map(([name, id]) => [id, name]));
    return state.webhookFields.filter((f) => f.webhookID === webhookId && (pickSubscribed ? f.isSubscribedField : f.isDisplayAlwaysField)).flatMap((f) => byId.get(f.fieldID) ?? []);
  }

  function ticketChanged(action: TicketAction, ticket: AtTicket, before: AtTicket | undefined, actor: Actor): void {
    for (const webhook of state.webhooks) {
      const secrets = state.webhookSecrets.get(webhook.id);
      if (!webhook.isActive || !webhook.isReady || !secrets) continue;
      const subscribed = { Create: webhook.isSubscribedToCreateEvents, Update: webhook.isSubscribedToUpdateEvents, Delete: webhook.isSubscribedToDeleteEvents }[action];
      if (!subscribed) continue;
      // Whether exclusion also covers the API user behind an impersonated write is not documented:
      // the stricter reading is that Autotask credits (and matches) only the impersonated resource.
      const excluded = state.webhookExcludedResources.some((x) => x.webhookID === webhook.id && x.resourceID === actor.resourceId);
      if (excluded) {
        state.suppressed.push({ webhookId: webhook.id, ticketId: ticket.id, resourceId: actor.resourceId });
        continue;
      }
      const subscribedNames = fieldNames(webhook.id, true);
      const changed = action === 'Update' ? subscribedNames.filter((n) => JSON.stringify(before?.[n] ?? null) !== JSON.stringify(ticket[n] ?? null)) : subscribedNames;
      if (action === 'Update' && changed.length === 0) continue;
      const names = [...new Set([...changed, ...fieldNames(webhook.id, false)])];
      secrets.sequence += 1;
      const payload = {
        Action: action,
        Guid: webhook.webhookGUID,
        EntityType: 'Ticket',
        Id: ticket.id,
        Fields: Object.fromEntries(names.map((n) => [n, ticket[n] ?? null])),
        EventTime: o.now().toISOString(),
        SequenceNumber: secrets.sequence,
        PersonID: actor.resourceId,
      };
      enqueue({ webhookId: webhook.id, kind: 'event', url: webhook.webhookUrl, action, ticketId: ticket.id, sequenceNumber: secrets.sequence, ...build(webhook, payload) });
    }
  }

  /** Turns the webhook off and calls its deactivationUrl once (also used when it is deleted). */
  function deactivate(webhook: AtTicketWebhook): void {
    webhook.isActive = false;
    queues.get(webhook.id)?.splice(1);
    notifyDeactivation(webhook);
  }

  function notifyDeactivation(webhook: AtTicketWebhook): void {
    const secrets = state.webhookSecrets.get(webhook.id);
    if (!secrets) return;
    secrets.sequence += 1;
    const payload = { Action: 'Deactivated', Guid: webhook.webhookGUID, EntityType: 'Ticket', Id: webhook.id, Fields: {}, EventTime: o.now().toISOString(), SequenceNumber: secrets.sequence, PersonID: null };
    const job: Job = { webhookId: webhook.id, kind: 'deactivation', url: webhook.deactivationUrl, action: 'Deactivated', ticketId: null, sequenceNumber: secrets.sequence, ...build(webhook, payload) };
    track(
      (async () => {
        await sleep(0);
        await attempt(job, 1);
      })(),
    );
  }

  /** Sends the exact same bytes and header again (a replay). */
  function redeliver(delivery: WebhookDelivery): void {
    const job: Job = { webhookId: delivery.webhookId, kind: delivery.kind, url: delivery.url, action: delivery.action, ticketId: delivery.ticketId, sequenceNumber: delivery.sequenceNumber, body: delivery.body, signature: delivery.signature };
    track(
      (async () => {
        await sleep(0);
        await attempt(job, delivery.attempt + 1);
      })(),
    );
  }

  /** Resolves once every scheduled delivery (including retries and ones scheduled meanwhile) has finished. */
  async function flush(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  return { ticketChanged, deactivate, notifyDeactivation, redeliver, flush };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
