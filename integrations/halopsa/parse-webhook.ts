import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Signal } from '../../src/model/signal.js';

/**
 * What is used from a Halo webhook body. Halo publishes no schema; its guide (haloitsm.com /
 * halocrm.io guides kbid=838, "Webhook Integration") names the payload types: every one carries
 * an id, notification id, escmsg id, event name, webhook id, object id and timestamp; "small
 * object with key fields only" and "full object with linked objects" add the ticket (and action
 * where applicable); "event information only" (v2.214.1+) just the object id and event name;
 * and a custom payload may be anything. Since v2.178 a field may carry its display value
 * instead of its id. So every variant is accepted: the ticket id comes from `ticket.id`, else
 * `action.ticket_id`, else a top-level `ticket_id` (custom payloads), else `object_id` (our
 * webhook subscribes to ticket events only, so the object is a ticket). The JSON key spellings
 * are unconfirmed (snake_case as the API's own). Nothing here is trusted: the engine re-reads
 * the ticket by id, and a client id is a hint only when it is numeric.
 */
const NumericId = z.union([z.number().int().positive(), z.string().regex(/^\d{1,9}$/)]).transform(String);

export const HaloWebhookBody = z
  .object({
    event: z.string().nullish(),
    eventno: z.union([z.number().int(), z.string()]).nullish(),
    ticket: z.object({ id: NumericId, client_id: z.union([z.number().int(), z.string()]).nullish() }).loose().nullish(),
    action: z.object({ ticket_id: NumericId.nullish() }).loose().nullish(),
    ticket_id: NumericId.nullish(),
    object_id: NumericId.nullish(),
  })
  .loose()
  .refine((b) => b.ticket?.id ?? b.action?.ticket_id ?? b.ticket_id ?? b.object_id, { message: 'no ticket id (expected ticket.id, action.ticket_id, ticket_id or object_id)' });
export type HaloWebhookBody = z.infer<typeof HaloWebhookBody>;

/** Halo can batch deliveries (v2.164+): an array of events in one POST. */
export const MAX_BATCH = 100;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const describe = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

export function parseWebhookBody(raw: Buffer): ParseResult<HaloWebhookBody[]> {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, message: 'body is not valid JSON' };
  }
  const items = Array.isArray(json) ? json : [json];
  if (items.length === 0 || items.length > MAX_BATCH) return { ok: false, message: `expected 1 to ${MAX_BATCH} events` };
  const out: HaloWebhookBody[] = [];
  for (const [i, item] of items.entries()) {
    const parsed = HaloWebhookBody.safeParse(item);
    if (!parsed.success) return { ok: false, message: `not a HaloPSA ticket webhook${Array.isArray(json) ? ` (item ${i})` : ''}: ${describe(parsed.error)}` };
    out.push(parsed.data);
  }
  return { ok: true, value: out };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Turns one verified event into a Signal. The delivery key hashes the raw bytes (or, in a
 * batch, the event's own JSON), so Halo's manual re-send of the same delivery de-duplicates
 * while any real change does not.
 */
export function toSignal(body: HaloWebhookBody, keySource: string | Buffer, installationId: string, receivedAt: Date, newId: () => string = randomUUID): ParseResult<Signal> {
  const eventName = body.event?.trim() || (body.eventno !== null && body.eventno !== undefined ? `eventno ${body.eventno}` : 'webhook');
  const clientId = body.ticket?.client_id;
  const numericClient = clientId !== null && clientId !== undefined && /^\d{1,18}$/.test(String(clientId)) && String(clientId) !== '0';
  const signal = Signal.safeParse({
    id: newId(),
    installationId,
    source: 'halopsa',
    kind: 'ticket',
    deliveryKey: `halopsa:${installationId}:${sha256(keySource)}`,
    action: eventName.slice(0, 64),
    ticketId: body.ticket?.id ?? body.action?.ticket_id ?? body.ticket_id ?? body.object_id ?? undefined,
    // A display value (v2.178+ toggle) is no id: no hint rather than a wrong one.
    companyHint: numericClient ? String(clientId) : undefined,
    receivedAt: receivedAt.toISOString(),
  });
  return signal.success ? { ok: true, value: signal.data } : { ok: false, message: describe(signal.error) };
}
