import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isTerminal } from '../model/run.js';
import type { TransitionObservation } from '../engine/transition.js';

/** What the HTTP seam reports per attempt (system and operation are set by every seam). */
export interface AttemptObservation {
  system?: string;
  operation?: string;
  method: string;
  path: string;
  status: number | null;
  ms: number;
}

/**
 * Escalation reasons that are a gate saying no (as opposed to a failure or "not ours");
 * plus the idempotency claim and the approval gate, which end or pause a run without one.
 */
const GATE_REASONS = new Set([
  'unknown_client',
  'low_confidence',
  'out_of_scope',
  'remediation_disabled',
  'target_not_in_client',
  'blast_radius',
  'rate_limited',
  'kill_switch',
  'approval_denied',
  'approval_expired',
  'plan_changed',
]);

const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Status classes keep the label set small whatever the APIs answer. */
export function statusClass(status: number | null): string {
  if (status === null) return 'network';
  if (status === 429) return '429';
  return `${Math.floor(status / 100)}xx`;
}

/**
 * The app's Prometheus metrics, on a Registry of its own (never the global one): tests and the
 * benchmarks run several apps in one process, each with its own counts.
 */
export function createAppMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ticketfix_' });

  const signals = new Counter({ name: 'ticketfix_signals_received_total', help: 'Accepted webhooks and reconcile finds, by source; result=duplicate for a re-delivery already stored', labelNames: ['source', 'result'], registers: [registry] });
  const runs = new Counter({ name: 'ticketfix_runs_finished_total', help: 'Runs that reached a terminal state, by outcome', labelNames: ['outcome'], registers: [registry] });
  const steps = new Histogram({ name: 'ticketfix_run_step_duration_seconds', help: 'Time a run spent in a state before its next transition, by the state left (the engine step)', labelNames: ['step'], buckets: STEP_BUCKETS, registers: [registry] });
  const refusals = new Counter({ name: 'ticketfix_gate_refusals_total', help: 'Gate refusals by reason (idempotency: a duplicate claim; approval_required: paused for a person)', labelNames: ['reason'], registers: [registry] });
  const calls = new Counter({ name: 'ticketfix_outside_calls_total', help: 'HTTP attempts to outside APIs, by system and status class', labelNames: ['system', 'status'], registers: [registry] });
  const callErrors = new Counter({ name: 'ticketfix_outside_call_errors_total', help: 'Outside API attempts that failed (network, 429, 4xx, 5xx), by system and status class', labelNames: ['system', 'status'], registers: [registry] });
  const callSeconds = new Histogram({ name: 'ticketfix_outside_call_duration_seconds', help: 'Outside API attempt duration, by system', labelNames: ['system'], buckets: STEP_BUCKETS, registers: [registry] });
  const commits = new Histogram({ name: 'ticketfix_signal_commit_batch_size', help: 'Signals per fsync\'d transaction at intake (group commit)', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: [registry] });
  let depth: () => number | Promise<number> = () => 0;
  new Gauge({
    name: 'ticketfix_queue_depth',
    help: 'Jobs queued or running',
    registers: [registry],
    async collect() {
      // A queue that cannot say (Redis down) keeps its last value; /readyz reports the outage.
      this.set(await Promise.resolve().then(depth).catch(() => NaN));
    },
  });

  return {
    registry,
    signalReceived(source: string, inserted: boolean): void {
      signals.inc({ source, result: inserted ? 'accepted' : 'duplicate' });
    },
    transition(t: TransitionObservation): void {
      steps.observe({ step: t.from.state }, Math.max(0, t.stepMs) / 1000);
      const to = t.to;
      if (isTerminal(to.state)) runs.inc({ outcome: to.state });
      if (to.state === 'awaiting_approval' && t.from.state !== 'awaiting_approval') refusals.inc({ reason: 'approval_required' });
      else if (t.event.type === 'duplicate') refusals.inc({ reason: 'idempotency' });
      else if (to.state === 'escalated' && to.escalationReason && GATE_REASONS.has(to.escalationReason)) refusals.inc({ reason: to.escalationReason });
    },
    outsideAttempt(a: AttemptObservation): void {
      const system = a.system ?? 'unknown';
      const status = statusClass(a.status);
      calls.inc({ system, status });
      if (a.status === null || a.status >= 400) callErrors.inc({ system, status });
      callSeconds.observe({ system }, a.ms / 1000);
    },
    signalCommit(batchSize: number): void {
      commits.observe(batchSize);
    },
    /** Where the queue depth is read from at each scrape. */
    queueDepth(fn: () => number | Promise<number>): void {
      depth = fn;
    },
  };
}

export type AppMetrics = ReturnType<typeof createAppMetrics>;
