import { startBenchSandbox, type BenchSandbox } from '../support/bench-sandbox.js';
import { benchWorld, warmupMailboxes } from '../support/bench-world.js';
import { resolveOneTicket, type ResolvedTicket } from '../support/resolve-ticket.js';
import { median, round, summarize } from '../support/stats.js';
import type { Benchmark, BenchContext, BenchmarkOutput, Figure } from '../types.js';

interface LatencyRun {
  latencyMs: number;
  tickets: { ticketId: number; ms: number | null; criticalCalls: number; criticalWaitMs: number; outsideCalls: number; runStates: string[] }[];
  measured: ReturnType<typeof summarize>;
  criticalCalls: number | null;
  criticalChain: string[];
  criticalWait: ReturnType<typeof summarize>;
  failures: number;
  /** Reconcile listings that fell inside a ticket's window (left out of its calls). */
  reconcileCalls: number;
}

/** Latency on every simulated ConnectWise and Microsoft 365 (login, Graph, Exchange) call. */
function injectLatency(b: BenchSandbox, ms: number): void {
  if (ms <= 0) return;
  b.sb.connectwise.faults.latency(ms);
  b.sb.m365.faults.latency(ms);
}

async function runAtLatency(ctx: BenchContext, latencyMs: number): Promise<LatencyRun> {
  const { world, mailboxes } = benchWorld(ctx.sizes.alert.ticketsPerLatency);
  const warmups = warmupMailboxes(world);
  const b = await startBenchSandbox({ scratchDir: ctx.scratchDir, name: `alert-${latencyMs}ms`, world });
  try {
    injectLatency(b, latencyMs);
    // Not measured: fills the signing-key, token and board-status caches, as on a running install.
    for (const m of warmups) await resolveOneTicket(b, m);
    const results: ResolvedTicket[] = [];
    for (const m of mailboxes) {
      results.push(await resolveOneTicket(b, m));
      ctx.log(`  alert→resolved @${latencyMs} ms: ticket ${results.length}/${mailboxes.length}`);
    }
    const ok = results.filter((r) => r.alertToResolvedMs !== null && r.runStates.includes('resolved') && r.undeliveredOutbox === 0);
    const longest = ok.reduce<ResolvedTicket | undefined>((a, r) => (!a || r.critical.calls > a.critical.calls ? r : a), undefined);
    return {
      latencyMs,
      tickets: results.map((r) => ({ ticketId: r.ticketId, ms: round(r.alertToResolvedMs, 1), criticalCalls: r.critical.calls, criticalWaitMs: r.critical.waitMs, outsideCalls: r.attempts.length + r.keyFetches, runStates: r.runStates })),
      measured: summarize(ok.map((r) => r.alertToResolvedMs as number)),
      criticalCalls: median(ok.map((r) => r.critical.calls)),
      criticalChain: longest?.critical.chain ?? [],
      criticalWait: summarize(ok.map((r) => r.critical.waitMs)),
      failures: results.length - ok.length,
      reconcileCalls: results.reduce((n, r) => n + r.backgroundCalls, 0),
    };
  } finally {
    await b.close();
  }
}

/** Per ticket: measured minus the time the app waited on the calls of its critical path (the app's own time on the path). */
const ownTime = (run: LatencyRun) => summarize(run.tickets.filter((t) => t.ms !== null).map((t) => (t.ms as number) - t.criticalWaitMs));

function figuresFor(run: LatencyRun, criticalCalls: number | null): Figure[] {
  const floor = criticalCalls === null ? null : criticalCalls * run.latencyMs;
  const params = { injectedLatencyMs: run.latencyMs, tickets: run.measured.n, criticalPathCalls: criticalCalls ?? 'unknown' };
  const own = ownTime(run);
  const ownFigure: Figure = {
    key: `engine_own_time_p99_ms@${run.latencyMs}ms`,
    label: `Engine’s own time on the path, p99 (measured − wait on critical-path calls; APIs answer in ${run.latencyMs} ms)`,
    value: round(own.p99, 1),
    unit: 'ms',
    limit: { label: 'target', value: 25, unit: 'ms' },
    comparison: { label: 'measured − target', value: round(own.p99 === null ? null : own.p99 - 25, 1), unit: 'ms' },
    params,
  };
  return [...(['p50', 'p99'] as const).map((p): Figure => {
    const v = run.measured[p];
    return {
      key: `alert_to_resolved_${p}_ms@${run.latencyMs}ms`,
      label: `Alert to resolved, ${p} (APIs answer in ${run.latencyMs} ms)`,
      value: round(v, 1),
      unit: 'ms',
      limit: { label: `floor: ${criticalCalls ?? '?'} calls on the critical path × ${run.latencyMs} ms`, value: floor, unit: 'ms' },
      comparison: { label: 'engine overhead (measured − floor)', value: round(v === null || floor === null ? null : v - floor, 1), unit: 'ms' },
      params,
    };
  }), ownFigure];
}

/** The target: engine overhead p99 under 25 ms above the floor, at every latency. */
function targetNote(runs: LatencyRun[], criticalCalls: number | null): string {
  const over = runs.map((r) => ({ latency: r.latencyMs, overhead: r.measured.p99 === null || criticalCalls === null ? null : r.measured.p99 - criticalCalls * r.latencyMs }));
  const missed = over.filter((o) => o.overhead === null || o.overhead >= 25);
  const list = over.map((o) => `${round(o.overhead, 0) ?? '?'} ms at ${o.latency} ms`).join(', ');
  const own = runs.map((r) => `${round(ownTime(r).p99, 0) ?? '?'} ms at ${r.latencyMs} ms`).join(', ');
  const ownMet = runs.every((r) => (ownTime(r).p99 ?? Infinity) < 25);
  return `Engine’s own time p99 (without the simulators’ processing and HTTP): ${own} — ${ownMet ? 'under' : 'not under'} 25 ms. ` + (missed.length === 0
    ? `Target (engine overhead p99 < 25 ms above the floor): met (${list}).`
    : `Target (engine overhead p99 < 25 ms above the floor): not met (${list}). The overhead includes the simulators’ own work and loopback HTTP in this process (see "outside-call wait" at 0 ms) and every fsync’d store write on the path, which on this shared, loaded machine cost milliseconds each.`);
}

export const alertToResolved: Benchmark = {
  id: 'alert-to-resolved',
  title: 'Alert to resolved',
  measures:
    'Time from the simulated ConnectWise firing its ticket callback (ticket created through its REST API as a dispatcher) to the ticket being documented back: status Resolved, the resolution note and the time entry all answered by ConnectWise. One ticket at a time, distinct full mailboxes, after a warm-up ticket per tenant.',
  async run(ctx): Promise<BenchmarkOutput> {
    const runs: LatencyRun[] = [];
    for (const latency of ctx.sizes.alert.latenciesMs) runs.push(await runAtLatency(ctx, latency));
    // The chain is counted where calls are long enough to tell parallel from sequential: the highest latency.
    const reference = [...runs].sort((a, b) => b.latencyMs - a.latencyMs)[0];
    const criticalCalls = reference?.criticalCalls ?? null;
    const figures = runs.flatMap((r) => figuresFor(r, criticalCalls));
    const rows = runs.map((r) => {
      const wait = r.criticalWait.p50;
      const p50 = r.measured.p50;
      return `| ${r.latencyMs} ms | ${r.measured.n} | ${round(p50)} | ${round(r.measured.p99)} | ${round(r.measured.max)} | ${criticalCalls === null ? '?' : criticalCalls * r.latencyMs} | ${round(wait)} | ${round(p50 === null || wait === null ? null : p50 - wait)} | ${r.failures} |`;
    });
    const table = [
      '| APIs answer in | tickets | p50 ms | p99 ms | max ms | floor ms | outside-call wait on the critical path, p50 ms | engine own time (p50 − wait) ms | not resolved |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    return {
      figures,
      tables: [table, `Critical path (${criticalCalls ?? '?'} calls, counted at ${reference?.latencyMs ?? '?'} ms): ${reference?.criticalChain.join(' → ') || 'n/a'}`],
      details: { runs },
      notes: [
        'Floor = outside calls that must happen one after another (longest chain of non-overlapping calls seen by onAttempt, counted at the highest latency, where calls in parallel visibly overlap) × the latency injected into each simulated call. The outbox delivers note, status and time entry in parallel, so only the longest of those branches counts.',
        'Engine’s own time = per ticket, measured − the time the app waited on its critical-path calls (as its HTTP seam timed them): what the app itself adds between the calls (store writes with fsync, queueing, JSON, zod), without the simulators’ processing and loopback HTTP, which the floor-based overhead includes.',
        'Engine overhead = measured − floor. It includes everything that is not injected latency: the app (store writes with fsync, queueing, JSON, zod) and the simulators’ own processing and loopback HTTP, which run in the same process. The table splits it: "outside-call wait" is the time the app waited on the calls of the critical path (with 0 ms injected that is purely simulator + HTTP cost); "engine own time" is the rest.',
        'p99 of a few dozen sequential tickets is close to their maximum; the tickets run one at a time, so these are unloaded latencies.',
        targetNote(runs, criticalCalls),
        `The app's once-a-minute missed-webhook reconcile stays on; its ticket listings (${runs.reduce((n, r) => n + r.reconcileCalls, 0)} in this run) are not counted as a ticket's calls, though they share the process.`,
      ],
    };
  },
};
