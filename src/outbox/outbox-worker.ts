import type { Logger } from 'pino';
import { OutsideApiError } from '../http/outside-api-error.js';
import { backoffMs } from '../http/retry-after.js';
import type { PsaAdapter } from '../model/psa.js';
import type { OutboxItem, Store } from '../store/store.js';
import { deliverItem } from './deliver-item.js';

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
}

export interface OutboxWorker {
  start(): void;
  /** Delivers what is due now (also called right after the engine queues write-backs). */
  kick(): void;
  /** Runs one delivery pass and resolves when it is done (tests, shutdown). */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Delivers PSA write-backs from the durable outbox until they land. Items are leased, so
 * several workers (or instances) never deliver one item at the same time; items of one run
 * are delivered in parallel, as they do not depend on each other.
 */
export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { store, psa, log, workerId, clock = () => new Date(), pollMs = 1000, batchSize = 25, leaseMs = 60_000, baseBackoffMs = 1000, maxBackoffMs = 5 * 60_000 } = opts;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;

  async function deliver(item: OutboxItem): Promise<void> {
    try {
      const result = await deliverItem(psa(item.installationId), item);
      await store.completeOutbox(item.id, clock().toISOString(), result);
    } catch (err) {
      const e = err instanceof OutsideApiError ? err : null;
      const wait = e?.retryAfterMs ?? backoffMs(Math.max(0, item.attempts - 1), baseBackoffMs, maxBackoffMs);
      // A refusal that will not change by itself (4xx) is kept but retried slowly, and logged loudly.
      const delay = e && !e.retryable ? maxBackoffMs : Math.min(wait, maxBackoffMs);
      const message = err instanceof Error ? err.message : String(err);
      await store.failOutbox(item.id, message, new Date(clock().getTime() + delay).toISOString());
      log[e && !e.retryable ? 'error' : 'warn']({ outboxId: item.id, kind: item.kind, ticketId: item.ticketId, runId: item.runId, attempts: item.attempts, err: message }, 'PSA write-back failed; will retry');
    }
  }

  async function pass(): Promise<number> {
    let total = 0;
    do {
      again = false;
      const items = await store.leaseOutbox(clock().toISOString(), batchSize, leaseMs, workerId);
      await Promise.all(items.map(deliver));
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
