import type { RmmAlert } from '../model/rmm.js';
import type { Store } from '../store/store.js';

/**
 * One open run per (RMM installation, device, problem): a repeated failing alert is noted on it,
 * and the resolved alert finds it as evidence. The problem is the service, application or check.
 */
const subject = (alert: RmmAlert): string => (alert.serviceName ?? alert.application ?? alert.checkId ?? alert.alertId).toLowerCase();
const key = (rmmInstallationId: string, alert: RmmAlert) => `alert-run:${rmmInstallationId}:${alert.deviceId}:${subject(alert)}`;

export async function openRunIdFor(store: Store, rmmInstallationId: string, alert: RmmAlert): Promise<string | null> {
  return store.getKv<string>(key(rmmInstallationId, alert));
}

export async function rememberOpenRun(store: Store, rmmInstallationId: string, alert: RmmAlert, runId: string): Promise<void> {
  // A week is far beyond any run's life; the entry is only a pointer, the run is read again.
  await store.setKv(key(rmmInstallationId, alert), runId, 7 * 24 * 3600_000);
}
