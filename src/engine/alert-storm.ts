import type { Client } from '../model/client.js';
import type { Run } from '../model/run.js';
import { alertTiming } from './alert-timing.js';
import type { EngineDeps } from './deps.js';

const serviceOf = (run: Run): string | undefined => run.classification?.params.service?.toLowerCase();

/**
 * At intake: the first alert for a service at a client opens a storm window (an atomic claim in
 * the store, so every instance agrees); alerts for the same service within the window join it.
 * The leader's id is kept in the run's classification params.
 */
export async function joinStorm(deps: EngineDeps, run: Run, client: Client): Promise<Run> {
  const service = serviceOf(run);
  const { stormWindowSeconds } = alertTiming(deps, client, run.remediationId);
  if (!service || !stormWindowSeconds || !run.classification) return run;
  const now = deps.clock();
  const claim = await deps.store.claim(`storm:${client.id}:${run.remediationId}:${service}`, run.id, new Date(now.getTime() + stormWindowSeconds * 1000).toISOString(), now.toISOString());
  const leader = claim.ok ? run.id : claim.heldBy;
  return { ...run, classification: { ...run.classification, params: { ...run.classification.params, stormLeader: leader } } };
}

export type StormDecision =
  | { kind: 'none' }
  /** This run handles the storm: one plan over every waiting device (it needs approval). */
  | { kind: 'handle'; deviceIds: string[]; members: number; devices: number }
  /** Another run handles the storm; this one does nothing on its device. */
  | { kind: 'covered'; handlerRunId: string; devices: number };

/**
 * After settling: the same service on more devices of the client than the policy's maxTargets is
 * one event. The first member to claim the storm plans for all devices still waiting; the rest
 * are covered by it. Nothing is restarted before this is decided.
 */
export async function stormDecision(deps: EngineDeps, run: Run, maxTargets: number, approvalTtlMinutes: number): Promise<StormDecision> {
  const leader = run.classification?.params.stormLeader;
  if (!leader || !run.clientId) return { kind: 'none' };
  const members = (await deps.store.listRuns({ clientId: run.clientId, remediationId: run.remediationId ?? undefined })).filter((r) => r.classification?.params.stormLeader === leader);
  if (!members.some((m) => m.id === run.id)) members.push(run);
  const devices = new Set(members.map((m) => m.classification?.params.deviceId).filter((d): d is string => Boolean(d)));
  if (devices.size <= maxTargets) return { kind: 'none' };
  const now = deps.clock();
  const claim = await deps.store.claim(`storm-handler:${leader}`, run.id, new Date(now.getTime() + approvalTtlMinutes * 60_000).toISOString(), now.toISOString());
  if (!claim.ok) return { kind: 'covered', handlerRunId: claim.heldBy, devices: devices.size };
  // Devices whose run already acted (before the storm showed) are not restarted again.
  const waiting = members.filter((m) => m.id === run.id || m.state === 'received');
  const deviceIds = [...new Set(waiting.map((m) => m.classification?.params.deviceId).filter((d): d is string => Boolean(d)))].sort();
  return { kind: 'handle', deviceIds, members: members.length, devices: devices.size };
}
