import type { MatchResult, PlanOutcome, RemediationContext } from '../../src/remediation/define.js';
import { rmmCall } from '../service-restart/describe-call.js';
import { clientDevice } from '../service-restart/device-check.js';
import { findInstalled } from './inventory.js';
import { CatalogueEntry, lookUp, type SoftwareInstallInput, type SoftwareInstallSettings } from './settings.js';

/** What the RMM itself recorded as the request (undefined when it cannot say: the application came from config). */
async function recordedRequest(ctx: RemediationContext<SoftwareInstallSettings>, deviceId: string, checkId: string | undefined): Promise<string | null | undefined> {
  if (!ctx.rmm?.readSoftwareRequest) return undefined;
  return checkId ? ctx.rmm.readSoftwareRequest(deviceId, checkId) : null;
}

/**
 * Plans an install of a catalogue application on the alert's device. Outside the catalogue the
 * client's policy decides: a plan that waits for a person's approval of the exact package, or a refusal.
 */
export async function planInstall(ctx: RemediationContext<SoftwareInstallSettings>, match: MatchResult): Promise<PlanOutcome<SoftwareInstallInput>> {
  const { client, settings, rmm } = ctx;
  const { application, deviceId } = match.params;
  if (!match.params.alertId || !application || !deviceId) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: 'software is installed automatically only for an RMM software request (device and application from the RMM itself); a device named in ticket text is not trusted' };
  }
  if (!rmm) return { kind: 'refuse', reason: 'out_of_scope', detail: `client '${client.id}' has no RMM installation configured` };
  const found = lookUp(settings, application);
  let approvalReason: string | undefined;
  let pkg: CatalogueEntry;
  if (found) pkg = found.entry;
  else {
    if (settings.outOfCatalogue === 'escalate') return { kind: 'refuse', reason: 'out_of_scope', detail: `'${application}' is not in ${client.name}'s approved software catalogue` };
    const asId = CatalogueEntry.shape.id.safeParse(application.trim());
    if (!asId.success) return { kind: 'refuse', reason: 'out_of_scope', detail: `'${application}' is not in ${client.name}'s approved software catalogue and is not a package id a person could approve` };
    pkg = { manager: settings.outOfCatalogueManager, id: asId.data };
    approvalReason = `'${application}' is not in the client's approved catalogue: a person must approve installing ${pkg.manager} package ${pkg.id}`;
  }
  const checked = await clientDevice(rmm, client, deviceId);
  if (!checked.ok) return { kind: 'refuse', reason: checked.cannotAct ? 'out_of_scope' : 'target_not_in_client', detail: checked.detail };
  const { device } = checked;
  const classes = pkg.deviceClasses ?? settings.deviceClasses;
  if (!device.deviceClass || !classes.includes(device.deviceClass)) {
    const is = device.deviceClass ? `a ${device.deviceClass}` : 'of a class the RMM does not report';
    return { kind: 'refuse', reason: 'out_of_scope', detail: `${device.name} is ${is}; ${client.name}'s catalogue installs ${pkg.id} on ${classes.join(' and ')}s only` };
  }
  const recorded = await recordedRequest(ctx, deviceId, match.params.checkId);
  if (recorded !== undefined && recorded?.toLowerCase() !== application.trim().toLowerCase()) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `the RMM's own record of the request on ${device.name} is ${recorded ? `'${recorded}'` : 'empty'}, not '${application}'; nothing is installed` };
  }
  if (!device.online) return { kind: 'refuse', reason: 'out_of_scope', detail: `device ${device.name} is offline; the RMM cannot reach it` };
  const name = found?.name ?? application;
  const already = findInstalled(await rmm.listSoftware(deviceId), name, pkg);
  if (already) return { kind: 'refuse', reason: 'out_of_scope', detail: `${name} is already installed on ${device.name} (${already.version ?? 'version unknown'})` };
  const input: SoftwareInstallInput = { deviceId, deviceName: device.name, application: name, package: pkg, inCatalogue: Boolean(found) };
  const pkgText = `${pkg.manager} ${pkg.id}${pkg.version ? ` ${pkg.version}` : ''}`;
  return {
    kind: 'plan',
    plan: {
      problem: `software-request:${pkg.id.toLowerCase()}`,
      targets: [{ type: 'device', id: deviceId }],
      calls: [rmmCall(rmm, 'installSoftware', deviceId, pkg, `install ${name} (${pkgText}) on ${device.name}`)],
      prior: { installed: false },
      expected: { installed: true, ...(pkg.version ? { version: pkg.version } : {}) },
      input,
      summary: `install ${name} (${pkgText}) on ${device.name}`,
      approvalReason,
    },
  };
}
