import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';

/**
 * The engine's dependencies for driving one run, with a child logger that stamps every line
 * with the run, its ticket and the signal it came from (and the PSA delivery key when known), so one grep follows a run.
 */
export function withRunLog(deps: EngineDeps, run: Run, deliveryId?: string): EngineDeps {
  const ids = { runId: run.id, ticketId: run.ticketId, signalId: run.signalId, installationId: run.installationId };
  return { ...deps, log: deps.log.child(deliveryId ? { ...ids, deliveryId } : ids) };
}
