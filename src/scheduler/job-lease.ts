import type { Store } from '../store/store.js';

/**
 * One instance runs each tick of a scheduled job: the instances share the store, and the first
 * to claim `scheduler:<job>` for the tick runs it. The claim is kept until the tick ends, so
 * the others (whose cron fires the same second) skip; the next tick is free for anyone.
 */
export async function claimTick(store: Store, o: { job: string; instanceId: string; now: Date; tickMs: number }): Promise<boolean> {
  const tick = Math.floor(o.now.getTime() / o.tickMs);
  const until = new Date((tick + 1) * o.tickMs).toISOString();
  // The holder names the tick: the same instance never runs a tick twice, another never joins it.
  const r = await store.claim(`scheduler:${o.job}`, `${o.instanceId}:${tick}`, until, o.now.toISOString());
  return r.ok;
}

interface PeriodDone {
  period: string;
  at: string;
  by: string;
}

/**
 * For jobs that must run once per period (a day, a month) however many instances and restarts
 * there are: a short lease while it runs, and a `done` record for the period once it finished.
 * An instance that dies mid-job leaves no record, so another one runs it after the lease.
 */
export async function runOncePerPeriod<T>(
  store: Store,
  o: { job: string; period: string; instanceId: string; now: Date; leaseMs: number },
  fn: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false; why: 'done' | 'busy' }> {
  const doneKey = `scheduler:${o.job}:done`;
  if ((await store.getKv<PeriodDone>(doneKey))?.period === o.period) return { ran: false, why: 'done' };
  const lease = `scheduler:${o.job}:lease`;
  const holder = `${o.instanceId}:${o.period}`;
  const claimed = await store.claim(lease, holder, new Date(o.now.getTime() + o.leaseMs).toISOString(), o.now.toISOString());
  if (!claimed.ok) return { ran: false, why: 'busy' };
  try {
    // Re-check under the lease: another instance may have finished between the read and the claim.
    if ((await store.getKv<PeriodDone>(doneKey))?.period === o.period) return { ran: false, why: 'done' };
    const result = await fn();
    await store.setKv(doneKey, { period: o.period, at: o.now.toISOString(), by: o.instanceId } satisfies PeriodDone);
    return { ran: true, result };
  } finally {
    await store.releaseClaim(lease, holder);
  }
}

/** `2026-11` for the month of `now` (UTC). */
export const monthOf = (now: Date): string => now.toISOString().slice(0, 7);
/** `2026-11-26` for the day of `now` (UTC). */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);
