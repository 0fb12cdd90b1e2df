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
