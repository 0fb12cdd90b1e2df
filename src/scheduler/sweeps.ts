import type { Logger } from 'pino';
import type { WorkQueue } from '../queue/in-process-queue.js';
import type { Store } from '../store/store.js';
import { runJob, signalJob } from '../queue/jobs.js';

/**
 * Finds runs that need a push without a new webhook: an approval was decided (from the CLI or
 * another instance), an approval expired, or a run stopped moving (its worker died).
 */
export async function sweepApprovals(store: Store, queue: WorkQueue, now: Date): Promise<number> {
  let pushed = 0;
  const candidates = [
    ...(await store.listApprovals('approved')),
    ...(await store.listApprovals('denied')),
    ...(await store.listApprovals('pending')).filter((a) => a.expiresAt <= now.toISOString()),
  ];
  for (const approval of candidates) {
    const run = await store.getRun(approval.runId);
    if (run?.state === 'awaiting_approval' && run.approvalId === approval.id) {
      queue.push(runJob(run));
      pushed++;
    }
  }
  return pushed;
}

export async function sweepStuckRuns(store: Store, queue: WorkQueue, now: Date, staleMs: number): Promise<number> {
  let pushed = 0;
  for (const run of await store.listActiveRuns()) {
    if (run.state === 'awaiting_approval') continue;
    if (now.getTime() - Date.parse(run.updatedAt) < staleMs) continue;
    queue.push(runJob(run));
    pushed++;
  }
  return pushed;
}

export function logSweep(log: Logger, name: string, count: number): void {
  if (count > 0) log.info({ sweep: name, count }, 'scheduled job done');
}

/**
 * Accepted signals that no run picked up (the queue refused them, e.g. while Redis came back):
 * queued again. Only old ones, so a signal on its way through the queue is left alone.
 */
export async function sweepUnprocessedSignals(store: Store, queue: WorkQueue, now: Date, olderThanMs: number): Promise<number> {
  let pushed = 0;
  for (const s of await store.listUnprocessedSignals(1000)) {
    if (now.getTime() - Date.parse(s.receivedAt) < olderThanMs) continue;
    queue.push(signalJob(s));
    pushed++;
  }
  return pushed;
}
