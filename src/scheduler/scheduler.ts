import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { WorkQueue } from '../queue/in-process-queue.js';
import type { Store } from '../store/store.js';
import { logSweep, sweepApprovals, sweepStuckRuns, sweepUnprocessedSignals } from './sweeps.js';
import { RUN_OWNER_LEASE_MS } from '../engine/run-owner.js';

export interface Scheduler {
  stop(): void;
}

/** The periodic jobs of one instance. Each is safe to run on several instances at once. */
export function startScheduler(opts: {
  store: Store;
  queue: WorkQueue;
  log: Logger;
  clock: () => Date;
  staleRunMs?: number;
  /** Runs the missed-webhook reconcile for every installation (see reconcile.ts). */
  reconcile?: () => Promise<number>;
}): Scheduler {
  const { store, queue, log, clock } = opts;
  const guard = (name: string, fn: () => Promise<number>) => async () => {
    try {
      logSweep(log, name, await fn());
    } catch (err) {
      log.error({ sweep: name, err: err instanceof Error ? err.message : String(err) }, 'sweep failed');
    }
  };
  const tasks: ScheduledTask[] = [
    cron.schedule('* * * * * *', guard('approvals', () => sweepApprovals(store, queue, clock())), { noOverlap: true, name: 'approvals' }),
    cron.schedule('*/10 * * * * *', guard('stuck-runs', () => sweepStuckRuns(store, queue, clock(), opts.staleRunMs ?? RUN_OWNER_LEASE_MS)), { noOverlap: true, name: 'stuck-runs' }),
    cron.schedule('*/10 * * * * *', guard('stuck-signals', () => sweepUnprocessedSignals(store, queue, clock(), 10_000)), { noOverlap: true, name: 'stuck-signals' }),
  ];
  if (opts.reconcile) tasks.push(cron.schedule('0 * * * * *', guard('reconcile', opts.reconcile), { noOverlap: true, name: 'reconcile' }));
  return {
    stop() {
      for (const t of tasks) void t.destroy();
    },
  };
}
