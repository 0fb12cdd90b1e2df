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
  rateLimited: {
    /** Seconds of the HaloPSA run (its scaled window is 30 s). */
    haloSec: number;
    /** Seconds of the Autotask run (its scaled window is 60 s). */
    autotaskSec: number;
  };
  scaleOut: {
    /** Tickets in the burst, for one and for two instances. */
    tickets: number;
    /** Gives up waiting for them after this long. */
    timeoutSec: number;
  };
  appCpu: {
    /** Tickets measured after the warm-up one (the app's CPU is divided by those resolved). */
    tickets: number;
    /** Gives up waiting for them after this long. */
    timeoutSec: number;
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
    rateLimited: { haloSec: 90, autotaskSec: 180 },
    scaleOut: { tickets: 400, timeoutSec: 300 },
    appCpu: { tickets: 400, timeoutSec: 600 },
    backlog: { signals: 10_000, sampleMs: 250 },
  },
  quick: {
    intake: { durationSec: 2, warmupSec: 0.5, connections: 32, fixedRatePerSec: 500, tickets: 20 },
    alert: { ticketsPerLatency: 5, latenciesMs: [0, 100] },
    calls: { tickets: 5 },
    rateLimited: { haloSec: 12, autotaskSec: 8 },
    scaleOut: { tickets: 60, timeoutSec: 60 },
    appCpu: { tickets: 60, timeoutSec: 120 },
    backlog: { signals: 60, sampleMs: 100 },
  },
  tiny: {
    intake: { durationSec: 0.5, warmupSec: 0, connections: 4, fixedRatePerSec: 100, tickets: 2 },
    alert: { ticketsPerLatency: 1, latenciesMs: [0, 100] },
    calls: { tickets: 1 },
    rateLimited: { haloSec: 2, autotaskSec: 2 },
    scaleOut: { tickets: 2, timeoutSec: 60 },
    appCpu: { tickets: 3, timeoutSec: 60 },
    backlog: { signals: 10, sampleMs: 50 },
  },
};
