import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { ThresholdInformation } from './api-schemas.js';
import { AUTOTASK_SYSTEM } from './zone-discovery.js';

export interface BudgetGuardOptions {
  /** Fraction of the hourly budget from which calls are spaced out (default 0.5, where Autotask starts adding latency). */
  slowFrom?: number;
  /** Fraction left for the other integrations sharing the database (default 0.05). */
  reserve?: number;
  /** Re-read ThresholdInformation after this long (default 5 min)… */
  readEveryMs?: number;
  /** …or after this many of our calls (default 200), or this many once past `slowFrom` (default 20). */
  readEveryCalls?: number;
  readEveryCallsWhenBusy?: number;
  /** The longest wait taken in-process; a longer one fails fast as retryable (default 30 s). */
  maxWaitMs?: number;
  /** Length of Autotask's window (default: RequestThresholdTimeframe minutes); tests shrink it. */
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BudgetSnapshot {
  limit: number;
  /** Requests in the window at the last reading plus ours since. */
  estimatedUsed: number;
  readAt: number | null;
  spacingMs: number;
}

export interface BudgetGuard {
  /**
   * Waits as long as the budget needs before one more call (or throws when that is too long);
   * the returned function is called when that call has been answered.
   */
  beforeRequest(): Promise<() => void>;
  /** Autotask refused a call for the threshold: read again before the next one. */
  noteRefused(): void;
  snapshot(): BudgetSnapshot;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Keeps this integration under Autotask's hourly request threshold (10,000 per database per
 * rolling hour, shared by every integration) before Autotask throttles: it reads
 * ThresholdInformation now and then, and once the window is `slowFrom` used it spaces calls so
 * that what is left (minus a reserve) lasts a whole window. A reading that fails never blocks calls.
 */
export function createBudgetGuard(read: () => Promise<ThresholdInformation>, o: BudgetGuardOptions = {}): BudgetGuard {
  const slowFrom = o.slowFrom ?? 0.5;
  const reserve = o.reserve ?? 0.05;
  const readEveryMs = o.readEveryMs ?? 5 * 60_000;
  const readEveryCalls = o.readEveryCalls ?? 200;
  const readEveryCallsWhenBusy = o.readEveryCallsWhenBusy ?? 20;
  const maxWaitMs = o.maxWaitMs ?? 30_000;
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;

  let reading: { info: ThresholdInformation; at: number } | null = null;
  /** Calls let through since the last reading (sets the reading cadence). */
  let sinceRead = 0;
  /** Calls the last reading may not include: let through since it started, or still unanswered then. */
  let unreported = 0;
  /** Calls let through and not answered yet. */
  let pending = 0;
  let passedTotal = 0;
  let stale = true;
  let refreshing: Promise<void> | null = null;
  /** Paced calls go one after another through this gate, each `spacing()` after the previous one. */
  let gate: Promise<void> = Promise.resolve();
  let queued = 0;
  let lastSentAt = Number.NEGATIVE_INFINITY;

  const windowMs = () => o.windowMs ?? Math.max(1, reading?.info.requestThresholdTimeframe ?? 60) * 60_000;
  const used = () => (reading ? reading.info.currentTimeframeRequestCount + unreported : 0);
  const busy = () => !!reading && used() >= slowFrom * reading.info.externalRequestThreshold;

  function due(): boolean {
    if (stale || !reading) return true;
    if (now() - reading.at >= readEveryMs) return true;
    return sinceRead >= (busy() ? readEveryCallsWhenBusy : readEveryCalls);
  }

  function refresh(): Promise<void> {
    // Calls still unanswered when the reading starts may reach Autotask after it: keep counting them.
    const carried = pending;
    const passedBefore = passedTotal;
    refreshing ??= read()
      .then((info) => {
        reading = { info, at: now() };
        unreported = carried + (passedTotal - passedBefore);
        sinceRead = 0;
        stale = false;
      })
      .catch(() => {
        // Keep the last reading; try again after a few more calls rather than on every one.
        stale = false;
        sinceRead = 0;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  function spacing(): number {
    if (!reading || !busy()) return 0;
    const limit = reading.info.externalRequestThreshold;
    const left = limit * (1 - reserve) - used();
    return left <= 1 ? windowMs() : windowMs() / left;
  }

  function spent(): OutsideApiError {
    // Nothing left to spend this window: fail fast (retryable) and look again before the next call.
    stale = true;
    return new OutsideApiError(AUTOTASK_SYSTEM, 'budget', 429, `the hourly API budget is nearly spent (${used()} of ${reading?.info.externalRequestThreshold}); holding calls until the window clears`, true, false, Math.min(windowMs(), 60_000));
  }

  function sent(): () => void {
    sinceRead += 1;
    unreported += 1;
    passedTotal += 1;
    pending += 1;
    lastSentAt = now();
    let done = false;
    return () => {
      if (!done) pending -= 1;
      done = true;
    };
  }

  return {
    async beforeRequest() {
      if (due()) await refresh();
      if (queued === 0 && !busy()) return sent();
      const gap = spacing();
      if (gap >= windowMs()) throw spent();
      if (queued * gap > maxWaitMs) {
        throw new OutsideApiError(AUTOTASK_SYSTEM, 'budget', 429, `calls are being spaced to stay under the hourly API budget; ${queued} already waiting`, true, false, Math.round(queued * gap));
      }
      queued += 1;
      const previous = gate;
      let release = () => {};
      gate = new Promise<void>((r) => (release = r));
      try {
        await previous;
        if (due()) await refresh();
        // Counted at the moment of sending, so a burst is spaced by what was really spent.
        const turnGap = spacing();
        if (turnGap >= windowMs()) throw spent();
        const wait = Math.max(0, lastSentAt + turnGap - now());
        if (wait > 0) await sleep(wait);
        return sent();
      } finally {
        queued -= 1;
        release();
      }
    },
    noteRefused() {
      stale = true;
    },
    snapshot: () => ({ limit: reading?.info.externalRequestThreshold ?? 0, estimatedUsed: used(), readAt: reading?.at ?? null, spacingMs: spacing() }),
  };
}

const shared = new Map<string, BudgetGuard>();

/** The process-wide guard for an installation, so short-lived clients (install, reconcile) share readings. */
export function sharedBudgetGuard(installationId: string, read: () => Promise<ThresholdInformation>): BudgetGuard {
  let guard = shared.get(installationId);
  if (!guard) {
    guard = createBudgetGuard(read);
    shared.set(installationId, guard);
  }
  return guard;
}
