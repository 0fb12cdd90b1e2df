import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Signal } from '../../src/model/signal.js';

/** The callback envelope CW POSTs (field names as connectwise-rest's CallbackPayload). */
export const CallbackEnvelope = z
  .object({
    Action: z.string().min(1).max(64),
    Type: z.string().min(1),
    ID: z.union([z.number().int().positive(), z.string().regex(/^\d{1,10}$/)]).transform(String),
    CompanyId: z.union([z.string(), z.number()]).transform(String),
    MemberId: z.union([z.string(), z.number()]).nullish(),
    FromUrl: z.string().nullish(),
    Entity: z.string().nullish(),
    Metadata: z.object({ key_url: z.string().min(1) }).loose(),
  })
  .loose();
export type CallbackEnvelope = z.infer<typeof CallbackEnvelope>;

/** Only what is used from the ticket inside `Entity` (a JSON string, parsed a second time). */
const TicketEntity = z.object({ id: z.number().int(), company: z.object({ id: z.number().int() }).loose().nullish() }).loose();

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const describe = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

export function parseEnvelope(raw: Buffer): ParseResult<CallbackEnvelope> {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, message: 'body is not valid JSON' };
  }
  const parsed = CallbackEnvelope.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: `not a ConnectWise callback: ${describe(parsed.error)}` };
}

/**
 * Turns a verified ticket callback into a Signal. The delivery key hashes the raw bytes, so a
 * re-delivered identical callback dedupes while any real change (new `_info.lastUpdated`) does not.
 */
export function toSignal(envelope: CallbackEnvelope, raw: Buffer, installationId: string, receivedAt: Date, newId: () => string = randomUUID): ParseResult<Signal> {
  let companyHint: string | undefined;
  if (envelope.Entity) {
    let entity: unknown;
    try {
      entity = JSON.parse(envelope.Entity);
    } catch {
      return { ok: false, message: 'Entity is not a JSON string' };
    }
    const ticket = TicketEntity.safeParse(entity);
    if (!ticket.success) return { ok: false, message: `Entity is not a ticket: ${describe(ticket.error)}` };
    if (String(ticket.data.id) !== envelope.ID) return { ok: false, message: 'Entity id does not match ID' };
    if (ticket.data.company) companyHint = String(ticket.data.company.id);
  } else if (envelope.Action.toLowerCase() !== 'deleted') {
    return { ok: false, message: 'Entity is required' };
  }
  const signal = Signal.safeParse({
    id: newId(),
    installationId,
    source: 'connectwise',
    kind: 'ticket',
    deliveryKey: `connectwise:${installationId}:${createHash('sha256').update(raw).digest('hex')}`,
    action: envelope.Action,
    ticketId: envelope.ID,
    companyHint,
    receivedAt: receivedAt.toISOString(),
  });
  return signal.success ? { ok: true, value: signal.data } : { ok: false, message: describe(signal.error) };
}
