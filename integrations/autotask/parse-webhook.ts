import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Signal } from '../../src/model/signal.js';

const intLike = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,18}$/)]).transform(String);

/** The webhook body Autotask POSTs (field names as n8n-nodes-autotask types/webhook.ts and Nango's tests). */
export const AutotaskWebhookPayload = z
  .object({
    Action: z.string().min(1).max(64),
    Guid: z.string().min(1).max(64),
    EntityType: z.string().min(1).max(64),
    Id: intLike,
    Fields: z.record(z.string(), z.unknown()).nullish(),
    EventTime: z.string().max(64).nullish(),
    SequenceNumber: intLike,
    PersonID: z.number().int().nullish(),
  })
  .loose();
export type AutotaskWebhookPayload = z.infer<typeof AutotaskWebhookPayload>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const describe = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

export function parseJson(raw: Buffer): ParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, message: 'body is not valid JSON' };
  }
}

export function parsePayload(json: unknown): ParseResult<AutotaskWebhookPayload> {
  const parsed = AutotaskWebhookPayload.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: `not an Autotask webhook: ${describe(parsed.error)}` };
}

/**
 * Turns a verified ticket webhook into a Signal. Autotask sends no timestamp to check, so
 * replays are caught by the delivery key: the webhook GUID, the entity id and Autotask's
 * per-webhook sequence number, identical on every retry of the same event.
 */
export function toSignal(payload: AutotaskWebhookPayload, installationId: string, receivedAt: Date, newId: () => string = randomUUID): ParseResult<Signal> {
  const company = payload.Fields?.companyID;
  const signal = Signal.safeParse({
    id: newId(),
    installationId,
    source: 'autotask',
    kind: 'ticket',
    deliveryKey: `autotask:${installationId}:${payload.Guid}:${payload.Id}:${payload.SequenceNumber}`,
    action: payload.Action,
    ticketId: payload.Id,
    companyHint: typeof company === 'number' || typeof company === 'string' ? String(company) : undefined,
    receivedAt: receivedAt.toISOString(),
  });
  return signal.success ? { ok: true, value: signal.data } : { ok: false, message: describe(signal.error) };
}
