import type { Logger } from 'pino';
import { raiseOperatorAlert } from '../scheduler/operator-alerts.js';
import { redactLinks } from '../secret-link/redact-links.js';
import type { OutboxItem, Store } from '../store/store.js';

/** A stopped item is kept (for the record) but never due again. */
export const PARKED_UNTIL = '9999-01-01T00:00:00.000Z';
export const STOPPED_PREFIX = 'stopped: ';

export const isStopped = (item: Pick<OutboxItem, 'lastError' | 'deliveredAt'>): boolean => item.deliveredAt === null && (item.lastError ?? '').startsWith(STOPPED_PREFIX);

/**
 * Stops delivering one write-back for good: the item is parked with the reason, the run's audit
 * trail records it, and the operator is alerted (a person must look at the ticket).
 */
export async function stopItem(o: { store: Store; log: Logger; at: Date }, item: OutboxItem, why: 'ticket_mismatch' | 'refused' | 'undeliverable', reason: string): Promise<void> {
  const { store, at } = o;
  const text = redactLinks(reason);
  await store.failOutbox(item.id, `${STOPPED_PREFIX}${text}`, PARKED_UNTIL);
  const run = await store.getRun(item.runId);
  await store.appendAudit({
    type: 'write_back.stopped',
    at: at.toISOString(),
    runId: item.runId,
    ticketId: item.ticketId,
    clientId: run?.clientId ?? null,
    remediationId: run?.remediationId ?? null,
    outcome: null,
    actor: 'outbox',
    data: { outboxId: item.id, kind: item.kind, why, reason: text, attempts: item.attempts, carriedSecret: item.payload.sealed !== undefined },
  });
  await raiseOperatorAlert(
    store,
    {
      kind: 'write_back_stopped',
      message: `The ${item.kind.replace('_', ' ')} for ticket ${item.ticketId} (run ${item.runId}) was not delivered and will not be retried: ${text}`,
      clientId: run?.clientId ?? null,
      remediationId: run?.remediationId ?? null,
      detail: { runId: item.runId, ticketId: item.ticketId, outboxId: item.id, why },
    },
    'outbox',
    at,
  );
  o.log.error({ outboxId: item.id, kind: item.kind, ticketId: item.ticketId, runId: item.runId, why, reason: text }, 'PSA write-back stopped; operator alerted');
}
