import type { PlannedCall } from '../../src/model/plan.js';
import type { RmmAdapter, SoftwarePackage } from '../../src/model/rmm.js';

/**
 * The exact RMM request a plan records (dry-run shows it): the adapter's own description when it
 * gives one, else the adapter operation with its arguments on the installation.
 */
export function rmmCall(rmm: RmmAdapter, operation: 'restartService' | 'installSoftware' | 'uninstallSoftware', deviceId: string, target: string | SoftwarePackage, summary: string): PlannedCall {
  const d = rmm.describe?.(operation, deviceId, target);
  if (d) return { system: rmm.rmm, method: d.method, url: d.url, body: d.body, summary };
  return { system: rmm.rmm, method: operation, url: `rmm://${rmm.installationId}/devices/${encodeURIComponent(deviceId)}`, body: { target }, summary };
}
