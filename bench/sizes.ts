/** How much work each benchmark does. `full` is the real run; `quick` fits in 2 minutes; `tiny` is the harness test. */
export interface BenchSizes {
  intake: {
    /** Seconds of load per measurement (each variant is measured on its own fresh app). */
    durationSec: number;
    /** Seconds of unmeasured load first (JIT, key cache, connection set-up). */
    warmupSec: number;
    /** Connections autocannon keeps busy when finding the maximum rate. */
    connections: number;
    /** The fixed load for the latency figures (lowered to what the machine sustains, if less). */
    fixedRatePerSec: number;
    /** Real tickets the callbacks point at (each is handled once during set-up). */
    tickets: number;
  };
  alert: {
    /** Tickets measured per latency, one after another (unloaded latency). */
    ticketsPerLatency: number;
    /** Latency injected into every simulated ConnectWise and Microsoft 365 call. */
    latenciesMs: number[];
  };
  calls: {
    /** Tickets counted after the warm-up (one cold ticket per tenant is reported apart). */
    tickets: number;
  };
  backlog: {
    /** Signals already accepted and stored before the workers start. */
    signals: number;
    /** RSS sampling period. */
    sampleMs: number;
  };
}

export const SIZES: Record<'full' | 'quick' | 'tiny', BenchSizes> = {
  full: {
    intake: { durationSec: 15, warmupSec: 2, connections: 32, fixedRatePerSec: 500, tickets: 200 },
    alert: { ticketsPerLatency: 40, latenciesMs: [0, 100] },
    calls: { tickets: 20 },
    backlog: { signals: 10_000, sampleMs: 250 },
  },
  quick: {
    intake: { durationSec: 3, warmupSec: 0.5, connections: 32, fixedRatePerSec: 500, tickets: 20 },
    alert: { ticketsPerLatency: 6, latenciesMs: [0, 100] },
    calls: { tickets: 5 },
    backlog: { signals: 100, sampleMs: 100 },
  },
  tiny: {
    intake: { durationSec: 0.5, warmupSec: 0, connections: 4, fixedRatePerSec: 100, tickets: 2 },
    alert: { ticketsPerLatency: 1, latenciesMs: [0, 100] },
    calls: { tickets: 1 },
    backlog: { signals: 10, sampleMs: 50 },
  },
};
