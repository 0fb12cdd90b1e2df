import type { Client } from '../../src/model/client.js';
import type { RmmAdapter, RmmDevice } from '../../src/model/rmm.js';
import { RmmCannotActError } from '../../integrations/rmm-integration.js';

export type DeviceCheck = { ok: true; device: RmmDevice } | { ok: false; detail: string; cannotAct?: boolean };

/**
 * Re-reads the device from the client's own RMM and checks its organisation is one of the
 * client's (config). The alert's own organisation hint is never trusted.
 */
export async function clientDevice(rmm: RmmAdapter, client: Client, deviceId: string): Promise<DeviceCheck> {
  let device: RmmDevice | null;
  try {
    device = await rmm.getDevice(deviceId);
  } catch (err) {
    // An RMM that only calls us (generic callback) cannot be asked, so nothing can be done through it.
    if (err instanceof RmmCannotActError) return { ok: false, detail: err.message, cannotAct: true };
    throw err;
  }
  if (!device) return { ok: false, detail: `device ${deviceId} does not exist in ${rmm.rmm} installation ${rmm.installationId}` };
  if (!client.rmm?.some((m) => m.installationId === rmm.installationId && m.organisationIds.includes(device.organisationId))) {
    return { ok: false, detail: `device ${device.name} (${deviceId}) is in RMM organisation ${device.organisationId}, which is not ${client.name}'s` };
  }
  return { ok: true, device };
}
