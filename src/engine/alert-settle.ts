import type { Run } from '../model/run.js';
import { isAlertRun } from './alert-classify.js';
import { alertTiming } from './alert-timing.js';
import type { EngineDeps } from './deps.js';

/** Covers the gap between a storm member's claim and its run being stored. */
const GRACE_MS = 1000;

/**
 * Milliseconds an alert run must still wait before it is decided (0: decide now). Waiting first
 * means a storm is recognised before the first restart, not after it.
 */
export function alertSettleMs(deps: EngineDeps, run: Run): number {
  if (run.state !== 'received' || !isAlertRun(run.classification) || !run.clientId) return 0;
  const client = deps.config.clients.find((c) => c.id === run.clientId);
  if (!client) return 0;
  const { settleSeconds } = alertTiming(deps, client, run.remediationId);
  if (settleSeconds <= 0) return 0;
  const due = Date.parse(run.createdAt) + settleSeconds * 1000 + GRACE_MS;
  return Math.max(0, due - deps.clock().getTime());
}

/**
 * Wakes a settling run when it is due. In-process only: if this process dies first, the
 * stuck-run sweep picks the run up from the store.
 */
export function wakeWhenSettled(deps: EngineDeps, run: Run | null, resume: (runId: string) => Promise<unknown>): Run | null {
  if (!run) return run;
  const ms = alertSettleMs(deps, run);
  if (ms > 0) {
    const timer = setTimeout(() => {
      resume(run.id).catch((err: unknown) => deps.log.warn({ runId: run.id, err: err instanceof Error ? err.message : String(err) }, 'settled alert run could not be resumed'));
    }, ms + 20);
    timer.unref?.();
  }
  return run;
}
