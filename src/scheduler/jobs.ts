import type { Logger } from 'pino';
import type { Intake, PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import type { EngineDeps } from '../engine/deps.js';
import { RUN_OWNER_LEASE_MS } from '../engine/run-owner.js';
import type { WorkQueue } from '../queue/in-process-queue.js';
import type { Store } from '../store/store.js';
import { claimTick, dayOf, monthOf, runOncePerPeriod } from './job-lease.js';
import { runKillSwitchDrill } from './kill-switch-drill.js';
import { warnOverdueReviews } from './review-dates.js';
import { sweepMailboxUsage } from './mailbox-usage-sweep.js';
import type { OperatorTicketTarget } from './operator-alerts.js';
import { runSelfCheck } from './self-check.js';
import { sweepApprovals, sweepStuckRuns, sweepUnprocessedSignals } from './sweeps.js';

export interface SchedulerContext {
  store: Store;
  queue: WorkQueue;
  log: Logger;
  clock: () => Date;
  /** This process in the job leases. */
  instanceId: string;
  staleRunMs?: number;
  /** Runs the missed-webhook reconcile for every installation (see reconcile.ts). */
  reconcile?: () => Promise<number>;
  /** The engine's dependencies: config, remediations, M365 (the self-check, drill and review jobs need them). */
  deps?: EngineDeps;
  /** PSA access for the self-check's reachability probe. */
  psaRuntime?: PsaRuntimeOptions;
  /** The MSP's own company on a PSA: failed self-checks open a ticket there (else only the alert). */
  operatorTicket?: OperatorTicketTarget;
  /** Feeds tickets the app opened itself into the loop; given, the proactive checks run (opt-in: config scheduler.proactiveChecks). */
  intake?: Intake;
}

/** How often one instance (the lease winner) runs a job: every tick, or once per period. */
export type JobCadence = { tickMs: number } | { period: (now: Date) => string; leaseMs: number };

export interface ScheduledJob {
  name: string;
  /** node-cron expression (with seconds). */
  cron: string;
  cadence: JobCadence;
  /** The job itself; returns how many things it did (runs pushed, checks failed, ...). */
  run(now: Date): Promise<number>;
}

/** Every periodic job of an instance, callable directly with any clock (tests do not wait for cron). */
export function scheduledJobs(ctx: SchedulerContext): ScheduledJob[] {
  const { store, queue } = ctx;
  const jobs: ScheduledJob[] = [
    { name: 'approvals', cron: '* * * * * *', cadence: { tickMs: 1000 }, run: (now) => sweepApprovals(store, queue, now) },
    { name: 'stuck-runs', cron: '*/10 * * * * *', cadence: { tickMs: 10_000 }, run: (now) => sweepStuckRuns(store, queue, now, ctx.staleRunMs ?? RUN_OWNER_LEASE_MS) },
    { name: 'stuck-signals', cron: '*/10 * * * * *', cadence: { tickMs: 10_000 }, run: (now) => sweepUnprocessedSignals(store, queue, now, 10_000) },
  ];
  if (ctx.reconcile) jobs.push({ name: 'reconcile', cron: '0 * * * * *', cadence: { tickMs: 60_000 }, run: ctx.reconcile });
  const deps = ctx.deps;
  if (deps) {
    jobs.push(
      {
        name: 'self-check',
        cron: '30 20 * * * *',
        cadence: { tickMs: 60 * 60_000 },
        run: async (now) => (await runSelfCheck(deps, { now, psaRuntime: ctx.psaRuntime, operatorTicket: ctx.operatorTicket })).filter((r) => !r.ok).length,
      },
      // Hourly crons with a daily / monthly period: an instance that was down at the usual hour
      // still runs it the first hour one is up.
      { name: 'review-dates', cron: '0 5 * * * *', cadence: { period: dayOf, leaseMs: 10 * 60_000 }, run: async (now) => (await warnOverdueReviews(store, deps.remediations, now)).length },
      { name: 'kill-switch-drill', cron: '0 10 * * * *', cadence: { period: monthOf, leaseMs: 10 * 60_000 }, run: async (now) => ((await runKillSwitchDrill(store, now)).passed ? 0 : 1) },
    );
  }
  if (deps && ctx.intake) {
    const intake = ctx.intake;
    jobs.push({ name: 'mailbox-usage', cron: '0 40 * * * *', cadence: { tickMs: 60 * 60_000 }, run: async (now) => (await sweepMailboxUsage(deps, { now, intake })).filter((m) => m.action === 'opened').length });
  }
  return jobs;
}

/** Runs one job under its lease; `ran:false` when another instance has this tick or period. */
export async function runScheduledJob(job: ScheduledJob, ctx: Pick<SchedulerContext, 'store' | 'instanceId'>, now: Date): Promise<{ ran: boolean; result: number }> {
  if ('tickMs' in job.cadence) {
    if (!(await claimTick(ctx.store, { job: job.name, instanceId: ctx.instanceId, now, tickMs: job.cadence.tickMs }))) return { ran: false, result: 0 };
    return { ran: true, result: await job.run(now) };
  }
  const r = await runOncePerPeriod(ctx.store, { job: job.name, period: job.cadence.period(now), instanceId: ctx.instanceId, now, leaseMs: job.cadence.leaseMs }, () => job.run(now));
  return r.ran ? { ran: true, result: r.result } : { ran: false, result: 0 };
}

