import type { Logger } from '../../src/log.js';
import { deactivationKey, readRegistration, type DeactivationNotice, type Kv } from './webhook-registry.js';

/**
 * Records a call to our deactivation URL for the operator and says so loudly: once Autotask
 * deactivates a webhook (after 25 consecutive failed deliveries, or when it is deleted) no more
 * ticket events arrive until someone re-activates it. A notice that follows our own uninstall
 * is expected and logged quietly; one that neither verifies nor names our webhook never
 * replaces an earlier notice.
 */
export async function recordDeactivation(o: { kv: Kv; installationId: string; json: unknown; signed: boolean; now: Date; log: Logger }): Promise<DeactivationNotice> {
  const body = o.json && typeof o.json === 'object' ? (o.json as { Guid?: unknown }) : {};
  const guid = typeof body.Guid === 'string' ? body.Guid.slice(0, 64) : null;
  const reg = await readRegistration(o.kv, o.installationId);
  const guidMatches = !!reg && !!guid && reg.guid.toLowerCase() === guid.toLowerCase();
  const notice: DeactivationNotice = { at: o.now.toISOString(), guid, guidMatches, signatureValid: o.signed, expected: guidMatches && !!reg?.removedAt };
  const trusted = guidMatches || o.signed;
  if (trusted || !(await o.kv.getKv(deactivationKey(o.installationId)))) await o.kv.setKv(deactivationKey(o.installationId), notice);
  if (notice.expected) {
    o.log.info({ guid }, 'Autotask confirmed the removal of the ticket webhook (uninstall)');
  } else if (trusted) {
    o.log.error(
      { guid, signatureValid: o.signed, webhookId: reg?.webhookId },
      'AUTOTASK DEACTIVATED THE TICKET WEBHOOK: no ticket events will arrive until it is re-activated. Check why deliveries failed, then run install (it re-activates the webhook) and the doctor.',
    );
  } else {
    o.log.warn({ guid }, 'a call to the Autotask deactivation URL did not name or verify as this installation\'s webhook; recorded for the operator');
  }
  return notice;
}
