import type { RmmAlert } from '../model/rmm.js';
import type { EngineDeps } from './deps.js';

/**
 * A software request names its application in the RMM's own record (the request check's output
 * on the device), not in the alert body: anyone holding the webhook secret could write the body.
 * Where the RMM can be asked, its answer replaces the body's; no answer means no request. RMMs
 * whose application comes from configuration (a condition map) are left as they are.
 */
export async function requestFromDevice(deps: EngineDeps, rmmInstallationId: string, alert: RmmAlert): Promise<RmmAlert> {
  if (alert.category !== 'software_request' || alert.status !== 'failing') return alert;
  const install = deps.config.rmms.find((r) => r.id === rmmInstallationId);
  if (!install || install.rmm === 'generic' || !deps.rmm) return alert;
  const adapter = deps.rmm(rmmInstallationId);
  if (!adapter.readSoftwareRequest) return alert;
  const application = alert.checkId ? await adapter.readSoftwareRequest(alert.deviceId, alert.checkId) : null;
  const { application: _fromBody, ...rest } = alert;
  return application ? { ...rest, application } : rest;
}
