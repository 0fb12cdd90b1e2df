import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { WorkQueue } from '../queue/in-process-queue.js';
import type { Store } from '../store/store.js';

/** A key nobody writes: reading it is the cheapest round trip through the store. */
const PING_KEY = 'ticketfix:readyz-ping';

export interface ReadinessOptions {
  store: Pick<Store, 'getKv'>;
  queue: Pick<WorkQueue, 'accepting'>;
  /** How long the store may take to answer before the instance counts as not ready. */
  timeoutMs?: number;
  log?: Logger;
}

export type Readiness = { ok: true } | { ok: false; reason: string };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Ready means: the store answers a read, and the work queue takes jobs. */
export async function checkReadiness(o: ReadinessOptions): Promise<Readiness> {
  try {
    await withTimeout(o.store.getKv(PING_KEY), o.timeoutMs ?? 2_000);
  } catch (err) {
    // The answer names the failing part; the error text goes to the server log only.
    o.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'readiness: store did not answer');
    return { ok: false, reason: 'store unreachable' };
  }
  if (!o.queue.accepting()) return { ok: false, reason: 'work queue is not accepting jobs' };
  return { ok: true };
}

/** `GET /readyz`: 200 `{ok: true}`, or 503 `{ok: false, reason}` so a load balancer stops sending webhooks here. */
export function readinessRoute(o: ReadinessOptions): RequestHandler {
  return async (_req, res) => {
    const r = await checkReadiness(o);
    res.status(r.ok ? 200 : 503).json(r);
  };
}
