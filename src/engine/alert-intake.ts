import { isTerminal, type Run } from '../model/run.js';
import type { RmmAlert, RmmDevice } from '../model/rmm.js';
import type { Signal } from '../model/signal.js';
import { classifyAlert } from './alert-classify.js';
import { recordResolvedAlert } from './alert-evidence.js';
import { openRunIdFor, rememberOpenRun } from './alert-open-runs.js';
import { clientRoute, findRmmClient, unmappedRoute } from './alert-routing.js';
import { joinStorm } from './alert-storm.js';
import { shadowAlertTicket } from './alert-shadow.js';
import { requestFromDevice } from './alert-software-request.js';
import { ticketCapReached } from './alert-ticket-caps.js';
import { alertTicket } from './alert-ticket.js';
import type { EngineDeps } from './deps.js';
import { escalate } from './escalate.js';
import { isShadow } from './gates.js';
import { audit } from './transition.js';

/**
 * Turns an RMM alert signal into a run on a PSA ticket. The device is re-read from the RMM and
 * its organisation maps (config) to the client; the ticket is the RMM's own (verified to be the
 * client's) or one opened here, once. A resolved alert is evidence for the open run; a repeat
 * of an alert whose run is still open is noted on it. Returns the run to drive, or null.
 */
export async function alertIntake(deps: EngineDeps, signal: Signal, alert: RmmAlert): Promise<{ run: Run | null; drive: boolean }> {
  // Evidence and repeats are recorded on the open run; they never drive it or start another.
  if (alert.status === 'resolved') return { run: await recordResolvedAlert(deps, signal, alert), drive: false };
  const rmmId = signal.installationId;

  const openId = await openRunIdFor(deps.store, rmmId, alert);
  const open = openId ? await deps.store.getRun(openId) : null;
  if (open && !isTerminal(open.state)) {
    await audit(deps, open, { type: 'alert.repeated', actor: signal.source, data: { signalId: signal.id, alertId: alert.alertId, why: 'the same problem on the same device already has an open run' } });
    await deps.store.markSignalProcessed(signal.id, open.id);
    return { run: open, drive: false };
  }

  // The request's application as the RMM recorded it on the device (never the body's); the
  // open-run key above and below stays the body's alert, so its resolved event still finds the run.
  const asked = await requestFromDevice(deps, rmmId, alert);
  const device = await readAlertDevice(deps, rmmId, alert);
  const client = device ? findRmmClient(deps.config, rmmId, device.organisationId) : undefined;
  const route = client ? clientRoute(client, rmmId) : unmappedRoute(deps.config, rmmId);
  if (!route) {
    deps.log.warn({ signalId: signal.id, rmm: rmmId, deviceId: alert.deviceId }, client ? `client '${client.id}' has no PSA mapping for alert tickets` : 'alert from a device that maps to no client, and no unmappedRmmDevices ticket destination is configured for this RMM');
    await deps.store.markSignalProcessed(signal.id, `unrouted:${signal.id}`);
    return { run: null, drive: false };
  }
  const install = deps.config.installations.find((i) => i.id === route.psaInstallationId);
  if (!install) throw new Error(`unknown PSA installation '${route.psaInstallationId}'`);
  const classification = classifyAlert(asked, rmmId);
  // Shadow (the client, or the remediation this alert reads as): no ticket is opened anywhere.
  const shadow = client ? isShadow(deps.config, client.id, classification.remediationId) : false;
  const shadowTicket = shadow ? await shadowAlertTicket(deps, install.psa, rmmId, signal.deliveryKey, route, asked, device) : undefined;
  if (!shadowTicket) {
    const capped = await ticketCapReached(deps, rmmId, client?.id ?? null, alert.deviceId);
    if (capped) {
      deps.log.warn({ signalId: signal.id, rmm: rmmId, deviceId: alert.deviceId, cap: capped }, 'alert ticket cap reached: no ticket opened for this alert');
      await deps.store.markSignalProcessed(signal.id, `ticket-cap:${signal.id}`);
      return { run: null, drive: false };
    }
  }
  const ticket: { ticketId: string; created: boolean; ignoredHint?: string } = shadowTicket ? { ticketId: shadowTicket.ticketId, created: false } : await alertTicket(deps, rmmId, signal.deliveryKey, route, asked, device);

  const now = deps.clock().toISOString();
  let run: Run = {
    id: deps.newId(),
    signalId: signal.id,
    installationId: route.psaInstallationId,
    psa: install.psa,
    ticketId: ticket.ticketId,
    clientId: client?.id ?? null,
    remediationId: client ? classification.remediationId : null,
    state: 'received',
    dryRun: shadow,
    classification,
    plan: null,
    claimKey: null,
    approvalId: null,
    escalationReason: null,
    detail: null,
    actedAt: null,
    validation: null,
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
  if (client) run = await joinStorm(deps, run, client);
  await deps.store.createRun(run);
  await deps.store.markSignalProcessed(signal.id, run.id);
  await rememberOpenRun(deps.store, rmmId, alert, run.id);
  await audit(deps, run, {
    type: 'received',
    actor: signal.source,
    data: { signalId: signal.id, action: signal.action, deliveryKey: signal.deliveryKey, alert: { rmm: alert.rmm, alertId: alert.alertId, category: alert.category, deviceId: alert.deviceId, service: alert.serviceName ?? null, application: asked.application ?? null, ...(alert.application !== asked.application ? { applicationInBody: alert.application ?? null } : {}) }, device: device ? { name: device.name, organisationId: device.organisationId, group: device.group ?? null } : null, ticketCreated: ticket.created, ...(shadowTicket ? { shadow: true, wouldOpenTicket: shadowTicket.wouldOpen } : {}), ...(ticket.ignoredHint ? { ignoredTicketHint: ticket.ignoredHint } : {}) },
  });
  if (!client) {
    const what = device ? `device ${device.name} (${alert.deviceId}) is in ${alert.rmm} organisation ${device.organisationId}, which is not mapped to a client` : `device ${alert.deviceId} does not exist in ${alert.rmm} installation ${rmmId}`;
    return { run: await escalate(deps, run, 'unknown_client', `${what}; nothing was run on the device`), drive: false };
  }
  return { run, drive: true };
}

/**
 * The device is re-read from the RMM: the alert's organisation hint never chooses the client. A
 * generic callback has no API: its organisation is the one its installation is configured for.
 */
async function readAlertDevice(deps: EngineDeps, rmmId: string, alert: RmmAlert): Promise<RmmDevice | null> {
  const install = deps.config.rmms.find((r) => r.id === rmmId);
  if (install?.rmm === 'generic') return { id: alert.deviceId, name: alert.deviceName ?? alert.deviceId, organisationId: install.generic.organisationId, online: true };
  return deps.rmm ? deps.rmm(rmmId).getDevice(alert.deviceId) : null;
}
