import type { Run } from '../model/run.js';
import { isAlertRun } from './alert-classify.js';
import { stormDecision } from './alert-storm.js';
import { alertTiming } from './alert-timing.js';
import type { EngineDeps } from './deps.js';
import { escalate } from './escalate.js';
import { markerFor } from './notes.js';
import type { RunScope } from './run-context.js';
import { audit, transition } from './transition.js';
import { queueWriteBacks } from './write-back.js';

export type GuardResult = { stop: true; run: Run } | { stop: false; run: Run };

/**
 * The alert-only rules, applied after policy and before planning: the alert facts go into the
 * remediation context; a restart loop escalates as recurring; a storm becomes one plan (needing
 * approval) handled by one run. Nothing here touches a device.
 */
export async function alertGuards(deps: EngineDeps, run: Run, scope: RunScope): Promise<GuardResult> {
  if (!isAlertRun(run.classification)) return { stop: false, run };
  const params = run.classification!.params;
  const signal = await deps.store.getSignal(run.signalId);
  if (signal?.alert) scope.ctx.alert = signal.alert;
  const timing = alertTiming(deps, scope.client, run.remediationId);

  if (timing.recurring && params.service && params.deviceId) {
    const since = deps.clock().getTime() - timing.recurring.windowMinutes * 60_000;
    const service = params.service.toLowerCase();
    const earlier = (await deps.store.listRuns({ clientId: scope.client.id, remediationId: run.remediationId ?? undefined })).filter(
      (r) =>
        r.id !== run.id &&
        r.actedAt !== null &&
        Date.parse(r.actedAt) >= since &&
        String(r.plan?.input.service ?? '').toLowerCase() === service &&
        (r.plan?.targets ?? []).some((t) => t.type === 'device' && t.id === params.deviceId),
    );
    if (earlier.length >= timing.recurring.maxRestarts) {
      const detail = `${params.service} on device ${signal?.alert?.deviceName ?? params.deviceId} was already restarted ${earlier.length} times in the last ${timing.recurring.windowMinutes} minutes (limit ${timing.recurring.maxRestarts}); restarting again would hide a recurring problem. Nothing was run on the device.`;
      return { stop: true, run: await escalate(deps, run, 'recurring', detail, { data: { restarts: earlier.map((r) => ({ runId: r.id, actedAt: r.actedAt })) } }) };
    }
  }

  const storm = await stormDecision(deps, run, scope.policy.maxTargets, deps.config.approvalTtlMinutes);
  if (storm.kind === 'handle') {
    const next = { ...run, classification: { ...run.classification!, params: { ...params, deviceIds: storm.deviceIds.join(','), stormDevices: String(storm.devices) }, reasons: [...run.classification!.reasons, `storm: ${params.service} failed on ${storm.deviceIds.length} devices of ${scope.client.name} at once`] } };
    await audit(deps, next, { type: 'storm.recognised', data: { service: params.service ?? null, devices: storm.deviceIds, members: storm.members, maxTargets: scope.policy.maxTargets } });
    return { stop: false, run: next };
  }
  if (storm.kind === 'covered') {
    const text = [
      `This alert is part of a storm: ${params.service ?? 'the same problem'} failed on ${storm.devices} devices of ${scope.client.name} within a short window, more than the ${scope.policy.maxTargets} a single automated run may touch.`,
      `One approval request covers them (run ${storm.handlerRunId}); nothing was run on this device by this alert.`,
      `Audit reference: run ${run.id}.`,
      markerFor(run.id, 'storm'),
    ].join('\n');
    await queueWriteBacks(deps, run, { purpose: 'storm', note: { text, visibility: 'internal' } });
    return { stop: true, run: await transition(deps, run, { state: 'duplicate', detail: `part of a storm handled by run ${storm.handlerRunId}` }, { type: 'duplicate', outcome: 'duplicate', data: { why: 'storm', handledBy: storm.handlerRunId, devices: storm.devices } }) };
  }
  return { stop: false, run };
}
