import { OutsideApiError } from '../http/outside-api-error.js';
import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { audit } from './transition.js';

/**
 * How long a run may wait out a PSA that is rate-limiting or down before it escalates. A 429 or
 * an outage is not a reason to hand a ticket to a person: the run stays where it is and the
 * stuck-run sweep picks it up again (every few seconds, after the run lease lapses).
 */
export const DEFER_LIMIT_MS = 15 * 60_000;

/** Whether this failure should leave the run where it is for a later attempt. */
export function shouldDefer(deps: EngineDeps, run: Run, err: unknown): boolean {
  return err instanceof OutsideApiError && err.retryable && deps.clock().getTime() - Date.parse(run.createdAt) < DEFER_LIMIT_MS;
}

/** Records why the run is waiting and returns it unchanged (the engine stops driving it for now). */
export async function deferRun(deps: EngineDeps, run: Run, err: OutsideApiError): Promise<Run> {
  deps.log.warn({ runId: run.id, system: err.system, status: err.status, retryAfterMs: err.retryAfterMs }, 'outside API not available; run deferred');
  await audit(deps, run, { type: 'deferred', data: { system: err.system, operation: err.operation, status: err.status, retryAfterMs: err.retryAfterMs, message: err.message } });
  return run;
}
