import { isTerminal, type Run } from '../model/run.js';
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

/** One persisted transition, for observers (metrics); `stepMs` is the time spent in `from.state`. */
export interface TransitionObservation {
  from: Run;
  to: Run;
  event: TransitionEvent;
  stepMs: number;
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
  observe(deps, { from: run, to: stored, event, stepMs: Date.parse(stored.updatedAt) - Date.parse(run.updatedAt) });
  return stored;
}

/** An observer must never break a run. */
function observe(deps: EngineDeps, o: TransitionObservation): void {
  const line = { from: o.from.state, to: o.to.state, event: o.event.type, stepMs: o.stepMs };
  if (isTerminal(o.to.state)) deps.log.info(line, 'run finished');
  else deps.log.debug(line, 'run moved');
  try {
    deps.onTransition?.(o);
  } catch (err) {
    deps.log.warn({ runId: o.to.id, err: err instanceof Error ? err.message : String(err) }, 'transition observer failed');
  }
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
