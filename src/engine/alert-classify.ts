import type { RmmAlert } from '../model/rmm.js';
import type { Classification } from '../model/run.js';

/** Params that mark a run as one that came from an RMM alert (never set from ticket text). */
export const isAlertRun = (c: Classification | null): boolean => Boolean(c?.params.alertId && c.params.rmmInstallationId);

/**
 * Classifies an RMM alert from its structured fields only (category, service, application,
 * device), never from its message text. The fields are still checked against the RMM and the
 * client's allow-list / catalogue before anything is planned.
 */
export function classifyAlert(alert: RmmAlert, rmmInstallationId: string): Classification {
  const base: Record<string, string> = { alertId: alert.alertId, rmmInstallationId, deviceId: alert.deviceId, ...(alert.checkId ? { checkId: alert.checkId } : {}) };
  if (alert.category === 'service_stopped' && alert.serviceName) {
    return {
      remediationId: 'service-restart',
      confidence: 1,
      reasons: [`${alert.rmm} alert ${alert.alertId}: service ${alert.serviceName} stopped on device ${alert.deviceName ?? alert.deviceId}`],
      params: { ...base, service: alert.serviceName },
    };
  }
  if (alert.category === 'software_request' && alert.application) {
    return {
      remediationId: 'software-install',
      confidence: 1,
      reasons: [`${alert.rmm} alert ${alert.alertId}: ${alert.application} requested for device ${alert.deviceName ?? alert.deviceId}`],
      params: { ...base, application: alert.application },
    };
  }
  return { remediationId: null, confidence: 0, reasons: [`${alert.rmm} alert ${alert.alertId} (${alert.category}) has no automated remediation`], params: base };
}
