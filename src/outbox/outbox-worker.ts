import type { Logger } from 'pino';
import { OutsideApiError } from '../http/outside-api-error.js';
import { backoffMs } from '../http/retry-after.js';
import type { PsaAdapter } from '../model/psa.js';
import type { OutboxItem, Store } from '../store/store.js';
import { deliverItem, UndeliverableError } from './deliver-item.js';
import { AFTER_KEY } from './payload.js';
import { isStopped, stopItem } from './stop-item.js';
import { checkTicket } from './ticket-guard.js';
import { redactLinks } from '../secret-link/redact-links.js';
import type { Sealer } from '../secret-link/run-sealer.js';

export interface OutboxWorkerOptions {
  store: Store;
  psa: (installationId: string) => PsaAdapter;
  log: Logger;
  workerId: string;
  clock?: () => Date;
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  /** First wait after a failure; it doubles per attempt. */
  baseBackoffMs?: number;
  /** Longest wait between attempts; a PSA that is down is retried at least this often. */
  maxBackoffMs?: number;
  /** Opens sealed notes (key from the environment, the same on every instance). */
  sealer?: Sealer;
  /** Permanent refusals (4xx other than 429: the ticket is gone) in a row before an item stops and alerts. */
  maxPermanentFailures?: number;
}

export interface OutboxWorker {
  start(): void;
  /** Delivers what is due now (also called right after the engine queues write-backs). */
  kick(): void;
  /** Runs one delivery pass and resolves when it is done (tests, shutdown). */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

// Consecutive permanent refusals are counted in the item's last error: `refused 2x: ...`.
const REFUSED = /^refused (\d+)x: /;
const refusalsSoFar = (item: OutboxItem) => Number(REFUSED.exec(item.lastError ?? '')?.[1] ?? 0);
// Once the note has landed, the only copy of its link is the note in the PSA.
const withoutSealedCopy = (item: OutboxItem): Record<string, unknown> | undefined => {
  if (item.payload.sealed === undefined) return undefined;
  const { sealed: _dropped, ...rest } = item.payload;
  return { ...rest, sealedCopyDropped: true };
};
const isPermanent = (e: OutsideApiError | null) => e !== null && !e.retryable && e.status !== null && e.status >= 400 && e.status < 500 && e.status !== 429;

/**
 * Delivers PSA write-backs from the durable outbox until they land. Items are leased, so
 * several workers (or instances) never deliver one item at the same time. Before each delivery
 * the ticket is re-read and must still belong to the run's company (and contact, for a note
 * addressed to one); a status goes only after its run's note has landed. A write-back the PSA
 * keeps refusing (ticket gone) stops after a bounded number of tries and alerts the operator.
 */
export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { store, psa, log, workerId, clock = () => new Date(), pollMs = 1000, batchSize = 25, leaseMs = 60_000, baseBackoffMs = 1000, maxBackoffMs = 5 * 60_000 } = opts;
  const { sealer, maxPermanentFailures = 5 } = opts;
  const stop = (item: OutboxItem, why: Parameters<typeof stopItem>[2], reason: string) => stopItem({ store, log, at: clock() }, item, why, reason);

  /** True when a status must wait for (or stop with) the note it follows. */
  async function heldBack(item: OutboxItem): Promise<boolean> {
    const raw = item.payload[AFTER_KEY];
    // One note key, or several (the internal and the customer's note): the status waits for each.
    const after = (Array.isArray(raw) ? raw : [raw]).filter((k): k is string => typeof k === 'string');
    if (item.kind !== 'status' || after.length === 0) return false;
    const note = (await store.listOutbox({ runId: item.runId })).find((i) => after.includes(i.idempotencyKey) && i.deliveredAt === null);
    if (!note) return false;
    if (isStopped(note)) {
      await stop(item, 'undeliverable', 'the note it follows was not delivered, so the ticket keeps its status');
      return true;
    }
    const next = Math.max(clock().getTime() + baseBackoffMs, Date.parse(note.nextAttemptAt));
    await store.failOutbox(item.id, 'waiting for the note to land first', new Date(next).toISOString());
    return true;
  }
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;

  async function deliver(item: OutboxItem): Promise<void> {
    try {
      if (await heldBack(item)) return;
      const adapter = psa(item.installationId);
      const guard = await checkTicket(adapter, item);
      if (!guard.ok) return await stop(item, 'ticket_mismatch', guard.reason);
      const result = await deliverItem(adapter, item, sealer);
      await store.completeOutbox(item.id, clock().toISOString(), result, withoutSealedCopy(item));
    } catch (err) {
      const message = redactLinks(err instanceof Error ? err.message : String(err));
      if (err instanceof UndeliverableError) return stop(item, 'undeliverable', message);
      const e = err instanceof OutsideApiError ? err : null;
      if (isPermanent(e)) {
        const refusals = refusalsSoFar(item) + 1;
        if (refusals >= maxPermanentFailures) return stop(item, 'refused', `the PSA refused it ${refusals} times in a row: ${message}`);
        // Kept but retried slowly: a 4xx will rarely change by itself.
        await store.failOutbox(item.id, `refused ${refusals}x: ${message}`, new Date(clock().getTime() + maxBackoffMs).toISOString());
        log.error({ outboxId: item.id, kind: item.kind, ticketId: item.ticketId, runId: item.runId, attempts: item.attempts, err: message }, 'PSA write-back refused; will retry');
        return;
      }
      const wait = e?.retryAfterMs ?? backoffMs(Math.max(0, item.attempts - 1), baseBackoffMs, maxBackoffMs);
      const delay = e && !e.retryable ? maxBackoffMs : Math.min(wait, maxBackoffMs);
      await store.failOutbox(item.id, message, new Date(clock().getTime() + delay).toISOString());
      log[e && !e.retryable ? 'error' : 'warn']({ outboxId: item.id, kind: item.kind, ticketId: item.ticketId, runId: item.runId, attempts: item.attempts, err: message }, 'PSA write-back failed; will retry');
    }
  }

  async function pass(): Promise<number> {
    let total = 0;
    do {
      again = false;
      const items = await store.leaseOutbox(clock().toISOString(), batchSize, leaseMs, workerId);
      // Statuses after the notes and time entries of the same pass: they may be waiting for them.
      await Promise.all(items.filter((i) => i.kind !== 'status').map(deliver));
      await Promise.all(items.filter((i) => i.kind === 'status').map(deliver));
      total += items.length;
      if (items.length === batchSize) again = true;
    } while (again);
    return total;
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    start() {
      if (!timer) timer = setInterval(() => void drain().catch((err: unknown) => log.error({ err: String(err) }, 'outbox pass failed')), pollMs);
      timer.unref?.();
    },
    kick() {
      void drain().catch((err: unknown) => log.error({ err: String(err) }, 'outbox pass failed'));
    },
    drain,
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running.catch(() => undefined);
    },
  };
}
