import { appCpuPerTicket } from './benchmarks/app-cpu-per-ticket.js';
import { alertToResolved } from './benchmarks/alert-to-resolved.js';
import { backlogDrain } from './benchmarks/backlog-drain.js';
import { callsPerTicket } from './benchmarks/calls-per-ticket.js';
import { callsPerPsa } from './benchmarks/calls-per-psa.js';
import { rateLimitedThroughput } from './benchmarks/rate-limited-throughput.js';
import { scaleOut } from './benchmarks/scale-out.js';
import { webhookIntake } from './benchmarks/webhook-intake.js';
import type { Benchmark } from './types.js';

/**
 * Every benchmark, in the order they run. To add one (Autotask or HaloPSA throughput under
 * their API rate limits, Redis scale-out with several instances), write one file under
 * benchmarks/ that returns figures next to their limits, and list it here.
 */
export const BENCHMARKS: readonly Benchmark[] = [appCpuPerTicket, webhookIntake, alertToResolved, callsPerTicket, callsPerPsa, rateLimitedThroughput, backlogDrain, scaleOut];
