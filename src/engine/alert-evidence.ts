import type { RmmAlert } from '../model/rmm.js';
import type { Run } from '../model/run.js';
import type { Signal } from '../model/signal.js';
import type { EngineDeps } from './deps.js';
import { openRunIdFor } from './alert-open-runs.js';
import { audit } from './transition.js';

/**
 * The RMM's resolved action (its check passes again) is validation evidence for the run that
 * handled the alert: recorded in that run's audit trail, never the start of a new run.
 */
export async function recordResolvedAlert(deps: EngineDeps, signal: Signal, alert: RmmAlert): Promise<Run | null> {
  const runId = await openRunIdFor(deps.store, signal.installationId, alert);
  const run = runId ? await deps.store.getRun(runId) : null;
  if (!run) {
    deps.log.info({ signalId: signal.id, alertId: alert.alertId }, 'resolved alert with no run: nothing to record it on');
    await deps.store.markSignalProcessed(signal.id, `no-run:${signal.id}`);
    return null;
  }
  await audit(deps, run, {
    type: 'alert.resolved',
    actor: signal.source,
    data: { signalId: signal.id, alertId: alert.alertId, deviceId: alert.deviceId, service: alert.serviceName ?? null, checkId: alert.checkId ?? null, evidence: `${alert.rmm} reports the check passing again`, runState: run.state },
  });
  await deps.store.markSignalProcessed(signal.id, run.id);
  return run;
}
