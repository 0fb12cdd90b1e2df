import type { Logger } from 'pino';

export type Job = { kind: 'signal'; id: string; key: string } | { kind: 'run'; id: string; key: string };

export interface WorkQueue {
  push(job: Job): void;
  /** Resolves once nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  size(): number;
  /** Jobs waiting or running across the whole queue (for BullMQ: every instance's), for metrics. */
  depth(): Promise<number>;
  /** False once closed: /readyz reports it. */
  accepting(): boolean;
  close(): Promise<void>;
}

/**
 * The embedded default queue. Durability comes from the store (signals and runs are on disk
 * before they are queued, and re-queued at start-up), so this only orders the work: jobs with
 * the same key (one ticket) run one after another, others run in parallel up to `concurrency`.
 */
export function createInProcessQueue(handler: (job: Job) => Promise<void>, options: { concurrency?: number; log: Logger }): WorkQueue {
  const concurrency = options.concurrency ?? 4;
  const waiting: Job[] = [];
  const activeKeys = new Set<string>();
  const known = new Set<string>();
  let active = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const jobId = (j: Job) => `${j.kind}:${j.id}`;

  function pump(): void {
    while (!closed && active < concurrency) {
      const index = waiting.findIndex((j) => !activeKeys.has(j.key));
      if (index < 0) break;
      const [job] = waiting.splice(index, 1);
      if (!job) break;
      active++;
      activeKeys.add(job.key);
      void handler(job)
        .catch((err: unknown) => options.log.error({ job, err: err instanceof Error ? err.message : String(err) }, 'job failed'))
        .finally(() => {
          active--;
          activeKeys.delete(job.key);
          known.delete(jobId(job));
          pump();
        });
    }
    if (active === 0 && waiting.length === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((r) => r());
    }
  }

  return {
    push(job) {
      if (closed || known.has(jobId(job))) return;
      known.add(jobId(job));
      waiting.push(job);
      pump();
    },
    idle() {
      if (active === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((r) => idleWaiters.push(r));
    },
    size: () => waiting.length + active,
    depth: async () => waiting.length + active,
    accepting: () => !closed,
    async close() {
      closed = true;
      waiting.length = 0;
      if (active > 0) await new Promise<void>((r) => idleWaiters.push(r));
    },
  };
}
