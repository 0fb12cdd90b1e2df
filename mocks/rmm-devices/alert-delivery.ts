/**
 * How a simulated RMM calls the app when a check flips: a real HTTP POST (global fetch, so a
 * real server or msw both receive it), with a timeout like the vendor's, every attempt logged.
 * Like Tactical and Datto, a failed delivery is not retried.
 */
export interface AlertDelivery {
  url: string;
  event: 'failure' | 'resolved';
  alertId: string;
  status: number | null;
  /** The start of the answer (Tactical keeps it as the alert's action_stdout). */
  response?: string;
  error?: string;
  at: string;
}

export interface AlertDeliverer {
  readonly deliveries: AlertDelivery[];
  send(o: { url: string; headers: Record<string, string>; body: string; event: AlertDelivery['event']; alertId: string }): void;
  /** Resolves once every delivery started so far has finished. */
  flush(): Promise<void>;
}

export function createAlertDeliverer(options: { timeoutMs: number; fetch?: typeof fetch }): AlertDeliverer {
  const deliveries: AlertDelivery[] = [];
  const pending = new Set<Promise<void>>();
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return {
    deliveries,
    send(o) {
      const p = (async () => {
        const entry: AlertDelivery = { url: o.url, event: o.event, alertId: o.alertId, status: null, at: new Date().toISOString() };
        try {
          const res = await doFetch(o.url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...o.headers }, body: o.body, signal: AbortSignal.timeout(options.timeoutMs) });
          entry.status = res.status;
          entry.response = (await res.text()).slice(0, 1000);
        } catch (err) {
          entry.error = err instanceof Error ? err.message : String(err);
        }
        deliveries.push(entry);
      })();
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
