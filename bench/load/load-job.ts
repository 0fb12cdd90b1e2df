import type { Summary } from '../support/stats.js';
import type { CallbackTarget } from './signed-callback.js';

interface JobBase {
  target: CallbackTarget;
  durationSec: number;
  /** Unmeasured load sent first, the same way. */
  warmupSec: number;
  /** Makes bodies unique across every load process of a run. */
  nonce: string;
}

/** `max`: closed loop, autocannon keeps `connections` requests in flight. `rate`: open loop, one request every 1/rate s. */
export type LoadJob = (JobBase & { mode: 'max'; connections: number }) | (JobBase & { mode: 'rate'; ratePerSec: number; maxSockets: number });

export interface LoadResult {
  mode: LoadJob['mode'];
  generator: string;
  durationSec: number;
  sent: number;
  completed: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  /** 2xx responses per second over the measured phase. */
  acceptedPerSec: number;
  /** Acknowledgement latency of 2xx responses, request written to response read, in ms. */
  latencyMs: Summary;
  /** max mode: autocannon's per-second request counts. */
  perSecond?: { mean: number; min: number; max: number; stddev: number };
  /** rate mode: how late the generator sent requests against its schedule (ms). */
  scheduleLagMs?: Summary;
  /** CPU the load process itself used during the measured phase. */
  cpuMs: number;
  /** 2xx answers during the unmeasured warm-up (they are stored too). */
  warmup2xx: number;
}

/** Lines the load process prints on stdout, one JSON object each. */
export type LoadEvent = { event: 'measure-start' } | { event: 'measure-end' } | { event: 'result'; result: LoadResult } | { event: 'error'; message: string };
