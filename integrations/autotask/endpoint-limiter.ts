/**
 * At most N concurrent requests per Autotask object endpoint (Autotask refuses the 4th per
 * tracking identifier with "Thread Threshold Exceeded"). Waiters are served first come, first
 * served. One limiter is shared by every client of the same tracking identifier and zone in
 * this process (see `sharedLimiter`); other processes need `threadsPerEndpoint` lowered.
 */
export interface EndpointLimiter {
  run<T>(endpoint: string, task: () => Promise<T>): Promise<T>;
  inFlight(endpoint: string): number;
  /** Highest concurrency seen per endpoint (tests). */
  readonly peak: Map<string, number>;
}

export function createEndpointLimiter(maxPerEndpoint: number): EndpointLimiter {
  const active = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const peak = new Map<string, number>();

  const acquire = (endpoint: string): Promise<void> => {
    const n = active.get(endpoint) ?? 0;
    if (n < maxPerEndpoint) {
      active.set(endpoint, n + 1);
      peak.set(endpoint, Math.max(peak.get(endpoint) ?? 0, n + 1));
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = waiting.get(endpoint) ?? [];
      queue.push(resolve);
      waiting.set(endpoint, queue);
    });
  };

  const release = (endpoint: string): void => {
    const next = waiting.get(endpoint)?.shift();
    // The slot passes straight to the next waiter, so the count stays the same.
    if (next) return next();
    const n = (active.get(endpoint) ?? 1) - 1;
    if (n <= 0) active.delete(endpoint);
    else active.set(endpoint, n);
  };

  return {
    async run(endpoint, task) {
      await acquire(endpoint);
      try {
        return await task();
      } finally {
        release(endpoint);
      }
    },
    inFlight: (endpoint) => active.get(endpoint) ?? 0,
    peak,
  };
}

const shared = new Map<string, EndpointLimiter>();

/** The process-wide limiter for one tracking identifier on one zone. */
export function sharedLimiter(integrationCode: string, zone: string, maxPerEndpoint: number): EndpointLimiter {
  const key = `${integrationCode}|${zone}|${maxPerEndpoint}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = createEndpointLimiter(maxPerEndpoint);
    shared.set(key, limiter);
  }
  return limiter;
}

/**
 * The object endpoint a path counts against: the entity, with a child collection named the way
 * Autotask names it (`/Tickets/5/Notes` → TicketNotes, `/TicketWebhooks/3/Fields` → TicketWebhookFields).
 */
export function endpointOf(path: string): string {
  const [entity = '', second, child] = path.split('?')[0]!.split('/').filter(Boolean);
  if (second && /^\d+$/.test(second) && child) return `${entity.replace(/ies$/, 'y').replace(/s$/, '')}${child}`;
  return entity;
}
