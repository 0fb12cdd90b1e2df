import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { Job, WorkQueue } from './in-process-queue.js';

export interface BullQueueOptions {
  redisUrl: string;
  /** Queue name; instances sharing it share the work. */
  name?: string;
  prefix?: string;
  concurrency?: number;
  log: Logger;
}

// BullMQ job ids may not contain ':' (and not be all digits).
const jobIdOf = (job: Job) => `${job.kind}-${job.id}`.replace(/:/g, '_');

/**
 * The work queue when several instances share Redis. Jobs carry only ids (no ticket text, no
 * secrets: BullMQ stores job data in clear). Delivery is at least once; the engine is
 * idempotent (claims, compare-and-set runs), so a job run twice acts once.
 */
export async function createBullQueue(handler: (job: Job) => Promise<void>, o: BullQueueOptions): Promise<WorkQueue> {
  const url = new URL(o.redisUrl);
  const connection: ConnectionOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
  };
  const name = o.name ?? 'ticketfix-work';
  const prefix = o.prefix ?? 'ticketfix-bull';
  // Producers fail fast when Redis is down, so the webhook answers 503 and the PSA retries.
  const queue = new Queue<Job>(name, { connection: { ...connection, enableOfflineQueue: false }, prefix });
  const inFlight = new Set<Promise<void>>();
  const worker = new Worker<Job>(
    name,
    async (bullJob) => {
      const p = handler(bullJob.data);
      inFlight.add(p);
      try {
        await p;
      } finally {
        inFlight.delete(p);
      }
    },
    { connection, prefix, concurrency: o.concurrency ?? 8, lockDuration: 60_000, stalledInterval: 30_000, maxStalledCount: 5 },
  );
  worker.on('failed', (job, err) => o.log.error({ job: job?.data, err: err.message }, 'queued job failed'));
  worker.on('error', (err) => o.log.error({ err: err.message }, 'queue worker error'));
  await queue.waitUntilReady();
  await worker.waitUntilReady();
  let size = 0;
  let closed = false;

  return {
    push(job) {
      size++;
      void queue
        .add(job.kind, job, { jobId: jobIdOf(job), removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } })
        .catch((err: unknown) => o.log.error({ job, err: err instanceof Error ? err.message : String(err) }, 'could not queue job; the stuck-run sweep will pick it up'))
        .finally(() => size--);
    },
    async idle() {
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        const pending = Object.values(counts).reduce((a, b) => a + b, 0);
        if (pending === 0 && size === 0 && inFlight.size === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    size: () => size + inFlight.size,
    async depth() {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    // Redis itself being down shows in /readyz's store ping (the store shares it).
    accepting: () => !closed,
    async close() {
      closed = true;
      // Stop taking work, let what is running finish; what is left stays queued for another instance.
      await worker.close();
      await queue.close();
    },
  };
}
