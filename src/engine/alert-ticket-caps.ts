import { capsOf } from '../../integrations/rmm-alert-caps.js';
import type { EngineDeps } from './deps.js';

/**
 * Alerts open at most N tickets per device and M per client per hour (config
 * `rmms[].alertTickets`), counted across instances in the store's sliding windows. Anyone holding
 * an installation's webhook secret can post alerts: this bounds what that can cost. Returns the
 * bucket that is full, or null when the ticket may be opened (and has been counted).
 */
export async function ticketCapReached(deps: EngineDeps, rmmInstallationId: string, clientId: string | null, deviceId: string): Promise<string | null> {
  const caps = capsOf(deps.config.rmms.find((r) => r.id === rmmInstallationId));
  const r = await deps.store.consumeRate(
    [
      { key: `alert-tickets:${rmmInstallationId}:device:${deviceId}`, max: caps.perDevicePerHour, windowSeconds: 3600 },
      { key: `alert-tickets:${rmmInstallationId}:client:${clientId ?? '(unmapped)'}`, max: caps.perClientPerHour, windowSeconds: 3600 },
    ],
    deps.clock().toISOString(),
  );
  return r.ok ? null : r.bucket;
}
