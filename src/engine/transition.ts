import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';

export class ConcurrentRunUpdateError extends Error {
  constructor(runId: string) {
    super(`run ${runId} was changed by another worker; this worker stops here`);
  }
}

export interface TransitionEvent {
  type: string;
  data?: Record<string, unknown>;
  outcome?: string;
  actor?: string;
}

/**
 * Persists a run change (compare-and-set on version) and appends its audit event. A lost
 * race means another worker owns the run now, so this one must stop, not overwrite.
 */
export async function transition(deps: EngineDeps, run: Run, patch: Partial<Run>, event: TransitionEvent): Promise<Run> {
  const next: Run = { ...run, ...patch, updatedAt: deps.clock().toISOString() };
  const stored = await deps.store.updateRun(next, run.version);
  if (!stored) throw new ConcurrentRunUpdateError(run.id);
  await audit(deps, stored, event);
  return stored;
}

export async function audit(deps: EngineDeps, run: Run, event: TransitionEvent): Promise<void> {
  await deps.store.appendAudit({
    type: event.type,
    runId: run.id,
    ticketId: run.ticketId,
    clientId: run.clientId,
    remediationId: run.remediationId,
    outcome: event.outcome ?? null,
    actor: event.actor ?? 'engine',
    data: { state: run.state, ...(event.data ?? {}) },
  });
}
