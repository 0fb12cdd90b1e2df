import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import type { Run, RunState } from '../src/model/run.js';
import { createInProcessQueue, type Job, type WorkQueue } from '../src/queue/in-process-queue.js';
import { remediations } from '../remediations/index.js';
import { defineRemediation, type RemediationDefinition } from '../src/remediation/define.js';
import { runOncePerPeriod } from '../src/scheduler/job-lease.js';
import { runScheduledJob, scheduledJobs, type SchedulerContext } from '../src/scheduler/jobs.js';
import { DRILL_REMEDIATION_ID, runKillSwitchDrill } from '../src/scheduler/kill-switch-drill.js';
import { listOperatorAlerts } from '../src/scheduler/operator-alerts.js';
import { overdueReviews, warnOverdueReviews } from '../src/scheduler/review-dates.js';
import { sweepApprovals, sweepStuckRuns } from '../src/scheduler/sweeps.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import type { EngineDeps } from '../src/engine/deps.js';

const log = createLogger({ level: 'silent' });
let store: Store;
let pushed: Job[];
let queue: WorkQueue;

beforeEach(() => {
  store = new SqliteStore({ file: ':memory:' });
  pushed = [];
  queue = createInProcessQueue(async (job) => void pushed.push(job), { log });
});
afterEach(async () => {
  await queue.close();
  await store.close();
});

const T0 = new Date('2026-11-26T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function run(id: string, state: RunState, updatedAt: Date, extra: Partial<Run> = {}): Run {
  return {
    id, signalId: `sig-${id}`, installationId: 'cw', psa: 'connectwise', ticketId: `t-${id}`, clientId: 'contoso', remediationId: 'mailbox-quota', state, dryRun: false,
    classification: null, plan: null, claimKey: null, approvalId: null, escalationReason: null, detail: null, actedAt: null, validation: null,
    createdAt: updatedAt.toISOString(), updatedAt: updatedAt.toISOString(), version: 0, ...extra,
  };
}

const ctxFor = (instanceId: string, extra: Partial<SchedulerContext> = {}): SchedulerContext => ({ store, queue, log, clock: () => T0, instanceId, ...extra });
const job = (ctx: SchedulerContext, name: string) => {
  const j = scheduledJobs(ctx).find((x) => x.name === name);
  if (!j) throw new Error(`no job ${name}`);
  return j;
};

describe('approval expiry sweep (controllable clock)', () => {
  it('re-queues an awaiting run only once its pending approval has expired', async () => {
    await store.createRun(run('r1', 'awaiting_approval', T0, { approvalId: 'a1' }));
    await store.createApproval({ id: 'a1', runId: 'r1', clientId: 'contoso', remediationId: 'mailbox-quota', ticketId: 't-r1', planHash: 'h', planSummary: 's', reason: 'ceiling', status: 'pending', createdAt: T0.toISOString(), expiresAt: at(60 * 60_000).toISOString(), decidedBy: null, decidedAt: null });

    expect(await sweepApprovals(store, queue, at(59 * 60_000))).toBe(0);
    expect(await sweepApprovals(store, queue, at(60 * 60_000 + 1))).toBe(1);
    await queue.idle();
    expect(pushed).toEqual([{ kind: 'run', id: 'r1', key: 'cw:t-r1' }]);
  });

  it('re-queues a run whose approval was decided elsewhere, and ignores approvals of runs that moved on', async () => {
    await store.createRun(run('r1', 'awaiting_approval', T0, { approvalId: 'a1' }));
    await store.createRun(run('r2', 'escalated', T0, { approvalId: 'a2' }));
    const base = { clientId: 'contoso', remediationId: 'mailbox-quota', planHash: 'h', planSummary: 's', reason: 'x', status: 'pending' as const, createdAt: T0.toISOString(), expiresAt: at(3_600_000).toISOString(), decidedBy: null, decidedAt: null };
    await store.createApproval({ ...base, id: 'a1', runId: 'r1', ticketId: 't-r1' });
    await store.createApproval({ ...base, id: 'a2', runId: 'r2', ticketId: 't-r2' });
    await store.decideApproval('a1', 'approved', 'tester', T0.toISOString());
    await store.decideApproval('a2', 'denied', 'tester', T0.toISOString());
    expect(await sweepApprovals(store, queue, T0)).toBe(1);
  });
});

describe('stuck-run reconciliation (controllable clock)', () => {
  it('re-queues a run that stopped moving for longer than the owner lease, not a fresh one nor one awaiting approval', async () => {
    await store.createRun(run('stuck', 'acting', T0));
    await store.createRun(run('waiting', 'awaiting_approval', T0));
    await store.createRun(run('done', 'resolved', T0));
    expect(await sweepStuckRuns(store, queue, at(19_000), 20_000)).toBe(0);
    expect(await sweepStuckRuns(store, queue, at(21_000), 20_000)).toBe(1);
    await queue.idle();
    expect(pushed.map((j) => j.id)).toEqual(['stuck']);
  });

  it('uses the staleRunMs given to the scheduler', async () => {
    await store.createRun(run('stuck', 'validating', T0));
    const ctx = ctxFor('i1', { staleRunMs: 5_000 });
    expect(await runScheduledJob(job(ctx, 'stuck-runs'), ctx, at(4_000))).toEqual({ ran: true, result: 0 });
    expect(await runScheduledJob(job(ctx, 'stuck-runs'), ctx, at(10_000))).toEqual({ ran: true, result: 1 });
  });
});

describe('one instance runs each tick', () => {
  it('two instances on one store: only the first runs a tick, either may run the next', async () => {
    await store.createRun(run('stuck', 'acting', T0));
    const a = ctxFor('instance-a');
    const b = ctxFor('instance-b');
    const now = at(60_000);
    const first = await runScheduledJob(job(a, 'stuck-runs'), a, now);
    const second = await runScheduledJob(job(b, 'stuck-runs'), b, at(60_500));
    expect(first).toEqual({ ran: true, result: 1 });
    expect(second).toEqual({ ran: false, result: 0 });
    expect(await runScheduledJob(job(b, 'stuck-runs'), b, at(70_000))).toEqual({ ran: true, result: 1 });
  });

  it('concurrent claims of one tick: exactly one wins', async () => {
    const ctxs = ['a', 'b', 'c', 'd'].map((i) => ctxFor(i));
    const results = await Promise.all(ctxs.map((c) => runScheduledJob(job(c, 'approvals'), c, T0)));
    expect(results.filter((r) => r.ran)).toHaveLength(1);
  });
});

describe('once-per-period jobs', () => {
  it('a run that fails is not marked done: the next tick (any instance) runs it again', async () => {
    let attempts = 0;
    const o = (instanceId: string, now: Date) => ({ job: 'flaky', period: '2026-11', instanceId, now, leaseMs: 60_000 });
    await expect(runOncePerPeriod(store, o('a', T0), async () => {
      attempts++;
      throw new Error('PSA down');
    })).rejects.toThrow('PSA down');
    expect(await runOncePerPeriod(store, o('b', at(3_600_000)), async () => ++attempts)).toEqual({ ran: true, result: 2 });
    expect(await runOncePerPeriod(store, o('a', at(7_200_000)), async () => ++attempts)).toEqual({ ran: false, why: 'done' });
  });

  it('while one instance holds the lease, another is told it is busy', async () => {
    let release!: () => void;
    const slow = runOncePerPeriod(store, { job: 'slow', period: 'p', instanceId: 'a', now: T0, leaseMs: 60_000 }, () => new Promise<number>((r) => (release = () => r(1))));
    await new Promise((r) => setTimeout(r, 10));
    expect(await runOncePerPeriod(store, { job: 'slow', period: 'p', instanceId: 'b', now: T0, leaseMs: 60_000 }, async () => 2)).toEqual({ ran: false, why: 'busy' });
    release();
    expect(await slow).toEqual({ ran: true, result: 1 });
  });
});

describe('monthly kill-switch drill', () => {
  it('engages, proves a dry-run action is refused, releases, proves it is allowed; audited; live scopes untouched', async () => {
    const result = await runKillSwitchDrill(store, T0);
    expect(result.passed).toBe(true);
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
      ['engage', true],
      ['refused-while-engaged', true],
      ['allowed-after-release', true],
    ]);
    expect((await store.listKillSwitches()).filter((s) => s.engaged)).toEqual([]);
    const events = await store.queryAudit({ remediationId: DRILL_REMEDIATION_ID });
    expect(events.map((e) => [e.type, e.data.engaged ?? e.outcome])).toEqual([
      ['kill_switch.set', true],
      ['kill_switch.set', false],
      ['kill_switch.drill', 'passed'],
    ]);
    expect(events.at(-1)?.at).toBe(T0.toISOString());
    expect(await listOperatorAlerts(store)).toEqual([]);
  });

  it('a switch the gate cannot see fails the drill, raises an operator alert and is still released', async () => {
    // A store whose switch reads are broken (what the drill exists to catch).
    const blind: Store = Object.create(store, { listKillSwitches: { value: async () => [] } }) as Store;
    const result = await runKillSwitchDrill(blind, T0);
    expect(result.passed).toBe(false);
    expect(result.steps.find((s) => s.step === 'refused-while-engaged')).toMatchObject({ ok: false, detail: 'the action was NOT refused' });
    const [alert] = await listOperatorAlerts(store);
    expect(alert).toMatchObject({ kind: 'kill_switch_drill_failed', remediationId: DRILL_REMEDIATION_ID });
    expect(alert?.message).toContain('refused-while-engaged');
    expect((await store.listKillSwitches()).filter((s) => s.engaged)).toEqual([]);
  });

  it('runs once per month across instances and restarts, and again the next month', async () => {
    const deps = { remediations, instanceId: 'x' } as unknown as EngineDeps;
    const a = ctxFor('a', { deps });
    const b = ctxFor('b', { deps });
    const nov = new Date('2026-11-01T00:10:00.000Z');
    expect((await runScheduledJob(job(a, 'kill-switch-drill'), a, nov)).ran).toBe(true);
    expect((await runScheduledJob(job(b, 'kill-switch-drill'), b, at(3_600_000))).ran).toBe(false);
    expect((await runScheduledJob(job(a, 'kill-switch-drill'), a, new Date('2026-11-30T23:10:00.000Z'))).ran).toBe(false);
    expect((await runScheduledJob(job(b, 'kill-switch-drill'), b, new Date('2026-12-01T00:10:00.000Z'))).ran).toBe(true);
    expect(await store.queryAudit({ type: 'kill_switch.drill' })).toHaveLength(2);
  });
});

describe('review-date warnings', () => {
  const stale = defineRemediation({ ...(remediations[0] as RemediationDefinition), id: 'stale-one', metadata: { ...remediations[0]!.metadata, reviewDate: '2026-11-20', owner: 'ops@msp.example' } }) as unknown as RemediationDefinition<never, never>;

  it('lists remediations past their review date, not those due today or later', () => {
    expect(overdueReviews([stale, ...remediations], new Date('2026-11-20T23:00:00Z'))).toEqual([]);
    expect(overdueReviews([stale, ...remediations], new Date('2026-11-26T08:00:00Z'))).toEqual([{ remediationId: 'stale-one', reviewDate: '2026-11-20', owner: 'ops@msp.example', daysOverdue: 6 }]);
  });

  it('raises one operator alert a day per overdue remediation', async () => {
    const deps = { remediations: [stale, ...remediations], instanceId: 'x' } as unknown as EngineDeps;
    const ctx = ctxFor('a', { deps });
    const day = new Date('2026-11-26T00:05:00Z');
    expect(await runScheduledJob(job(ctx, 'review-dates'), ctx, day)).toEqual({ ran: true, result: 1 });
    expect((await runScheduledJob(job(ctx, 'review-dates'), ctx, new Date('2026-11-26T13:05:00Z'))).ran).toBe(false);
    const alerts = await listOperatorAlerts(store, { kind: 'review_overdue' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ remediationId: 'stale-one', at: day.toISOString() });
    expect(alerts[0]?.message).toContain('ops@msp.example');
    expect(await warnOverdueReviews(store, remediations, day)).toEqual([]);
  });
});
