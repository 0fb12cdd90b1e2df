import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Signal } from '../../src/model/signal.js';

/**
 * What is used from a Halo webhook body. Halo publishes no schema ("the ticket and action
 * objects where applicable"), so this is liberal: unknown fields pass, ids may be numbers or
 * numeric strings, and the ticket id comes from the ticket object (or, failing that, from the
 * action's `ticket_id`). Nothing here is trusted: the engine re-reads the ticket.
 */
const NumericId = z.union([z.number().int().positive(), z.string().regex(/^\d{1,9}$/)]).transform(String);

export const HaloWebhookBody = z
  .object({
    event: z.string().nullish(),
    eventno: z.union([z.number().int(), z.string()]).nullish(),
    ticket: z.object({ id: NumericId, client_id: z.union([z.number().int(), z.string()]).nullish() }).loose().nullish(),
    action: z.object({ ticket_id: NumericId.nullish() }).loose().nullish(),
  })
  .loose()
  .refine((b) => b.ticket?.id ?? b.action?.ticket_id, { message: 'no ticket id (expected ticket.id or action.ticket_id)' });
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
  const signal = Signal.safeParse({
    id: newId(),
    installationId,
    source: 'halopsa',
    kind: 'ticket',
    deliveryKey: `halopsa:${installationId}:${sha256(keySource)}`,
    action: eventName.slice(0, 64),
    ticketId: body.ticket?.id ?? body.action?.ticket_id ?? undefined,
    companyHint: clientId !== null && clientId !== undefined && String(clientId) !== '0' ? String(clientId).slice(0, 128) : undefined,
    receivedAt: receivedAt.toISOString(),
  });
  return signal.success ? { ok: true, value: signal.data } : { ok: false, message: describe(signal.error) };
}
