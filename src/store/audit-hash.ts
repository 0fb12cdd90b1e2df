import type { AuditEvent } from '../model/audit.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';

/** The hash of the event before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over every field of the event except `hash` itself (prevHash included: that is the chain). */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { seq, at, type, runId, ticketId, clientId, remediationId, outcome, actor, data, prevHash } = event;
  const body = canonicalJson({ seq, at, type, runId, ticketId, clientId, remediationId, outcome, actor, data, prevHash });
  return sha256Hex(body);
}

type Unhashed = Omit<AuditEvent, 'hash'>;

/**
 * The stored form of an event the store just built from the app's own NewAuditEvent: hashed,
 * without a zod parse (the event's fields come from our own code; the hot path appends about
 * six per ticket). Missing nullable fields become null in the hash and in storage alike, so a
 * reader computes the same hash; type and actor must be strings, as the schema says.
 */
export function sealAuditEvent(unhashed: Unhashed): AuditEvent {
  if (typeof unhashed.type !== 'string' || typeof unhashed.actor !== 'string') throw new TypeError('an audit event needs a string type and actor');
  const event: Unhashed = {
    seq: unhashed.seq,
    at: unhashed.at,
    type: unhashed.type,
    runId: unhashed.runId ?? null,
    ticketId: unhashed.ticketId ?? null,
    clientId: unhashed.clientId ?? null,
    remediationId: unhashed.remediationId ?? null,
    outcome: unhashed.outcome ?? null,
    actor: unhashed.actor,
    data: unhashed.data,
    prevHash: unhashed.prevHash,
  };
  return { ...event, hash: hashAuditEvent(event) };
}

/**
 * The event's data as the stored JSON and as a reader will parse it back (undefined members
 * dropped, Dates as strings): one stringify serves both the hash input and the stored column.
 */
export function auditData(data: Record<string, unknown> | undefined): { data: Record<string, unknown>; json: string } {
  const json = JSON.stringify(data ?? {});
  return { data: JSON.parse(json) as Record<string, unknown>, json };
}
