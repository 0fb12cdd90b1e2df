import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import { runScheduledJob, scheduledJobs, type ScheduledJob, type SchedulerContext } from './jobs.js';
import { logSweep } from './sweeps.js';

export interface Scheduler {
  /** The jobs this instance schedules (callable directly: tests and operators need not wait for cron). */
  jobs: readonly ScheduledJob[];
  stop(): void;
}

/**
 * The periodic jobs of one instance (see jobs.ts). Several instances may run this at once:
 * each tick (or day, or month) of a job is run by the one instance that claims it in the store.
 */
export function startScheduler(opts: Omit<SchedulerContext, 'instanceId'> & { instanceId?: string }): Scheduler {
  const ctx: SchedulerContext = { ...opts, instanceId: opts.instanceId ?? opts.deps?.instanceId ?? `instance-${randomUUID()}` };
  const jobs = scheduledJobs(ctx);
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          const r = await runScheduledJob(job, ctx, ctx.clock());
          if (r.ran) logSweep(ctx.log, job.name, r.result);
        } catch (err) {
          ctx.log.error({ sweep: job.name, err: err instanceof Error ? err.message : String(err) }, 'sweep failed');
        }
      },
      { noOverlap: true, name: job.name },
    ),
  );
  return {
    jobs,
    stop() {
      for (const t of tasks) void t.destroy();
    },
  };
}
