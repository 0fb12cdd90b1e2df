import type { MatchResult, PlanOutcome, RemediationContext } from '../../src/remediation/define.js';
import { rmmCall } from './describe-call.js';
import { clientDevice } from './device-check.js';
import { serviceAllowed, type ServiceRestartInput, type ServiceRestartSettings } from './settings.js';

/**
 * Plans a restart of one service on the alert's device (or, for a storm the engine recognised,
 * on every device of the storm). Device and service come from the RMM alert's structured fields,
 * re-read from the RMM; a request that only names them in ticket text is refused.
 */
export async function planRestart(ctx: RemediationContext<ServiceRestartSettings>, match: MatchResult): Promise<PlanOutcome<ServiceRestartInput>> {
  const { client, settings, rmm } = ctx;
  const service = match.params.service;
  const deviceIds = match.params.deviceIds ? match.params.deviceIds.split(',').filter(Boolean) : match.params.deviceId ? [match.params.deviceId] : [];
  if (!match.params.alertId || !service || deviceIds.length === 0) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: 'services are restarted automatically only for an RMM alert (device and service from the RMM itself); a device or service named in ticket text is not trusted' };
  }
  if (!rmm) return { kind: 'refuse', reason: 'out_of_scope', detail: `client '${client.id}' has no RMM installation configured` };

  const devices: ServiceRestartInput['devices'] = [];
  const prior: Record<string, string> = {};
  const skipped: string[] = [];
  for (const id of deviceIds) {
    const checked = await clientDevice(rmm, client, id);
    if (!checked.ok) return { kind: 'refuse', reason: checked.cannotAct ? 'out_of_scope' : 'target_not_in_client', detail: checked.detail };
    const { device } = checked;
    if (!serviceAllowed(settings, service, device.group)) {
      return { kind: 'refuse', reason: 'out_of_scope', detail: `the service '${service}' is not on ${client.name}'s known-issue allow-list for device group '${device.group ?? '(none)'}' (device ${device.name})` };
    }
    if (!device.online) return { kind: 'refuse', reason: 'out_of_scope', detail: `device ${device.name} is offline; the RMM cannot reach it` };
    const found = await rmm.getService(id, service);
    if (!found) return { kind: 'refuse', reason: 'out_of_scope', detail: `device ${device.name} has no service named '${service}'` };
    if (found.status === 'running') {
      skipped.push(device.name);
      continue;
    }
    devices.push({ id, name: device.name, ...(device.group ? { group: device.group } : {}) });
    prior[id] = found.status;
  }
  if (devices.length === 0) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `the service '${service}' is running again on ${skipped.join(', ')}; nothing to restart` };
  }
  const input: ServiceRestartInput = { service, devices, ...(match.params.checkId ? { checkId: match.params.checkId } : {}), alertId: match.params.alertId };
  const names = devices.map((d) => d.name).join(', ');
  return {
    kind: 'plan',
    plan: {
      problem: `service-stopped:${service.toLowerCase()}`,
      targets: devices.map((d) => ({ type: 'device', id: d.id })),
      calls: devices.map((d) => rmmCall(rmm, 'restartService', d.id, service, `restart service ${service} on ${d.name} (was ${prior[d.id]})`)),
      prior: { serviceStatus: prior },
      expected: { status: 'running', checkPasses: true },
      input,
      summary: `restart the ${service} service on ${devices.length === 1 ? names : `${devices.length} devices (${names})`}`,
      // A storm is one event for a person, even when some of its devices were restarted before it showed.
      approvalReason: match.params.stormDevices ? `storm: ${service} failed on ${match.params.stormDevices} devices of ${client.name} at once` : undefined,
    },
  };
}
