import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { webhookPath } from '../../integrations/psa-integration.js';
import { SANDBOX_CW } from '../../src/sandbox/sandbox-config.js';
import type { LoadJob, LoadResult } from '../load/load-job.js';
import { runLoad } from '../load/run-load.js';
import type { CallbackTarget } from '../load/signed-callback.js';
import type { BenchContext } from '../types.js';
import { startBareExpress } from './bare-express.js';
import { connectwiseInstallation, settle, startBenchSandbox, type BenchSandbox } from './bench-sandbox.js';
import { summarize, type Summary } from './stats.js';
import { countStoredSignals } from './stored-signals.js';

/** `background`: the workers run (re-read, decide) while the load goes on. `intake-only`: the queue is closed first. */
export type IntakeVariant = 'background' | 'intake-only' | 'bare-express';

export type LoadShape = { mode: 'max'; connections: number } | { mode: 'rate'; ratePerSec: number };

export interface IntakeRun {
  variant: IntakeVariant;
  load: LoadResult;
  /** CPU the app process used over the measured phase, % of one core. */
  appCpuPct: number;
  /**
   * Callback signals on disk after the load minus before it, next to the 2xx the load process
   * counted (warm-up included). At least equal when every acknowledged webhook is on disk; it
   * can be more, as requests cut off in flight when the generator stops are stored but not counted.
   */
  stored: number | null;
  accepted2xx: number;
  /** Mean time the store held the event loop per accepted webhook (SQLite insert + its share of the fsync'd commit). */
  putSignalMeanMs: number | null;
  /** Per-call distribution of putSignal when webhooks are written one transaction each (null with group commit). */
  putSignalMs: Summary | null;
  /** Group commit at intake: transactions (one fsync each), signals through them, and their time. */
  groupCommit: { commits: number; signals: number; commitMs: number; meanBatch: number | null; commitMeanMs: number | null } | null;
  /** How late the app process's event loop ran timers during the measured phase (ms). */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Every store call in the measured phase (background work included), ms per second of load. */
  storeMsPerSec: number | null;
  /** Outside calls the background work made during the measured phase. */
  backgroundCalls: number;
  backgroundByEndpoint: Record<string, number>;
  /** Jobs still queued or running when the load stopped (background variant). */
  queuedAtEnd: number | null;
  /** Runs by state when the load stopped (background variant): what the workers made of the callbacks so far. */
  runStates: Record<string, number> | null;
}

const HANDLED_SUMMARY = 'The printer on the second floor is jammed again';

/** Real tickets for the callbacks to name. With `handle`, each gets its first callback processed now. */
async function prepareTickets(b: BenchSandbox, count: number, handle: boolean): Promise<CallbackTarget['tickets']> {
  const companies = b.sb.world.companies;
  const tickets: CallbackTarget['tickets'] = [];
  for (let i = 0; i < count; i++) {
    const company = companies[i % companies.length]!;
    const input = { summary: HANDLED_SUMMARY, company: { id: company.psaId }, board: { id: 1 } };
    // As the dispatcher the callback fires (and the app handles the ticket once); as the app's own member it is suppressed.
    const t = b.sb.connectwise.createTicket(input, handle ? undefined : { by: SANDBOX_CW.memberIdentifier });
    tickets.push({ id: t.id, psaCompanyId: company.psaId });
  }
  if (handle) await settle(b.sb);
  return tickets;
}

function targetFor(b: BenchSandbox, tickets: CallbackTarget['tickets']): CallbackTarget {
  const install = connectwiseInstallation(b.sb);
  return {
    url: `${b.sb.urls.origin}${webhookPath(install)}`,
    signingKey: b.sb.connectwise.signingKey(),
    keyUrl: b.sb.connectwise.keyUrl(),
    companyId: SANDBOX_CW.companyId,
    fromHost: new URL(b.sb.urls.connectwise).host,
    tickets,
  };
}

function jobFor(target: CallbackTarget, shape: LoadShape, ctx: BenchContext): LoadJob {
  const base = { target, durationSec: ctx.sizes.intake.durationSec, warmupSec: ctx.sizes.intake.warmupSec, nonce: randomUUID() };
  return shape.mode === 'max' ? { ...base, mode: 'max', connections: shape.connections } : { ...base, mode: 'rate', ratePerSec: shape.ratePerSec, maxSockets: 256 };
}

const LOOP_RESOLUTION_MS = 5;

/** The histogram holds whole timer intervals in ns; the delay is what exceeds the resolution. */
function loopDelay(h: ReturnType<typeof monitorEventLoopDelay>): IntakeRun['eventLoopDelayMs'] {
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 10) / 10);
  return h.count === 0 ? { p50: 0, p99: 0, max: 0 } : { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

type WriterStats = { commits: number; signals: number; commitMs: number } | null;

/** Store time per webhook: from the group-commit writer when the app uses one, else from putSignal. */
function intakeStoreTime(w: { putCalls: number; putMs: number; putSamples: number[] }, a: WriterStats, b: WriterStats): Pick<IntakeRun, 'putSignalMeanMs' | 'putSignalMs' | 'groupCommit'> {
  if (a && b && b.signals > a.signals) {
    const commits = b.commits - a.commits;
    const signals = b.signals - a.signals;
    const commitMs = b.commitMs - a.commitMs;
    // The timed store still sees the re-deliveries and reads, not the group-committed inserts.
    return { putSignalMeanMs: commitMs / signals, putSignalMs: null, groupCommit: { commits, signals, commitMs, meanBatch: commits ? signals / commits : null, commitMeanMs: commits ? commitMs / commits : null } };
  }
  return { putSignalMeanMs: w.putCalls ? w.putMs / w.putCalls : null, putSignalMs: w.putSamples.length ? summarize(w.putSamples) : null, groupCommit: null };
}

const count2xx = (r: LoadResult) => Object.entries(r.statusCounts).reduce((s, [code, n]) => (code.startsWith('2') ? s + n : s), 0);

/** One measurement on a fresh app (or bare Express): load from a separate process, app-side figures over the same window. */
export function measureIntake(ctx: BenchContext, variant: IntakeVariant, shape: LoadShape, name: string): Promise<IntakeRun> {
  return variant === 'bare-express' ? measureBare(ctx, shape) : measureApp(ctx, variant, shape, name);
}

async function measureBare(ctx: BenchContext, shape: LoadShape): Promise<IntakeRun> {
  const bare = await startBareExpress();
  try {
    const target: CallbackTarget = { url: bare.url, signingKey: 'unused', keyUrl: 'http://127.0.0.1/unused', companyId: SANDBOX_CW.companyId, fromHost: '127.0.0.1', tickets: [{ id: 1, psaCompanyId: 250 }] };
    let cpu = process.cpuUsage();
    let t0 = performance.now();
    let cpuPct = 0;
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const load = await runLoad(jobFor(target, shape, ctx), {
      onMeasureStart: () => {
        cpu = process.cpuUsage();
        t0 = performance.now();
        loop.enable();
      },
      onMeasureEnd: () => {
        loop.disable();
        const d = process.cpuUsage(cpu);
        cpuPct = ((d.user + d.system) / 1000 / (performance.now() - t0)) * 100;
      },
    });
    return {
      variant: 'bare-express',
      load,
      appCpuPct: cpuPct,
      stored: null,
      accepted2xx: load.warmup2xx + count2xx(load),
      putSignalMeanMs: null,
      putSignalMs: null,
      groupCommit: null,
      eventLoopDelayMs: loopDelay(loop),
      storeMsPerSec: null,
      backgroundCalls: 0,
      backgroundByEndpoint: {},
      queuedAtEnd: null,
      runStates: null,
    };
  } finally {
    await bare.close();
  }
}

async function measureApp(ctx: BenchContext, variant: Exclude<IntakeVariant, 'bare-express'>, shape: LoadShape, name: string): Promise<IntakeRun> {
  const b = await startBenchSandbox({ scratchDir: ctx.scratchDir, name });
  try {
    const tickets = await prepareTickets(b, ctx.sizes.intake.tickets, variant === 'background');
    if (variant === 'intake-only') await b.sb.app.queue.close();
    const before = countStoredSignals(b.dataDir, 'connectwise:');
    const target = targetFor(b, tickets);
    let cpu = process.cpuUsage();
    let t0 = performance.now();
    let mark = 0;
    const window = { cpuPct: 0, putCalls: 0, putMs: 0, storeMs: 0, seconds: 0, queued: 0, putSamples: [] as number[] };
    const writerStats = () => b.sb.app.signalWriter.stats?.() ?? null;
    let commit0 = writerStats();
    let commit1 = commit0;
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const load = await runLoad(jobFor(target, shape, ctx), {
      onMeasureStart: () => {
        cpu = process.cpuUsage();
        t0 = performance.now();
        b.timed.reset();
        commit0 = writerStats();
        mark = b.recorder.mark();
        loop.enable();
      },
      onMeasureEnd: () => {
        loop.disable();
        commit1 = writerStats();
        window.putSamples = b.timed.samples('putSignal');
        const wall = performance.now() - t0;
        const d = process.cpuUsage(cpu);
        const t = b.timed.timings();
        window.cpuPct = ((d.user + d.system) / 1000 / wall) * 100;
        window.putCalls = t.putSignal?.calls ?? 0;
        window.putMs = t.putSignal?.ms ?? 0;
        window.storeMs = b.timed.totalMs();
        window.seconds = wall / 1000;
        window.queued = b.sb.app.queue.size();
      },
    });
    const after = countStoredSignals(b.dataDir, 'connectwise:');
    const runStates: Record<string, number> = {};
    if (variant === 'background') for (const r of await b.sb.app.store.listRuns({ limit: 10_000_000 })) runStates[r.state] = (runStates[r.state] ?? 0) + 1;
    const calls = b.recorder.since(mark);
    const byEndpoint: Record<string, number> = {};
    for (const a of calls) byEndpoint[a.endpoint] = (byEndpoint[a.endpoint] ?? 0) + 1;
    return {
      variant,
      load,
      appCpuPct: window.cpuPct,
      stored: before === null || after === null ? null : after - before,
      accepted2xx: load.warmup2xx + count2xx(load),
      ...intakeStoreTime(window, commit0, commit1),
      eventLoopDelayMs: loopDelay(loop),
      storeMsPerSec: window.seconds ? window.storeMs / window.seconds : null,
      backgroundCalls: calls.length,
      backgroundByEndpoint: byEndpoint,
      queuedAtEnd: variant === 'background' ? window.queued : null,
      runStates: variant === 'background' ? runStates : null,
    };
  } finally {
    await b.close();
  }
}
