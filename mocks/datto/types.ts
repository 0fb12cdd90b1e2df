import type { SimDevice } from '../rmm-devices/device-model.js';

export interface DattoDevice {
  id: number;
  uid: string;
  device: SimDevice;
  siteId: number;
  siteUid: string;
  siteName: string;
}

export interface DattoAlert {
  alertUid: string;
  deviceUid: string;
  checkId: number;
  serviceName: string;
  /** The alert's context as the API shows it (srvc_status_ctx for service monitors, comp_script_ctx for component monitors). */
  context?: Record<string, unknown>;
  priority: 'Critical' | 'High' | 'Moderate' | 'Low' | 'Information';
  message: string;
  timestamp: number;
  resolved: boolean;
  resolvedAt?: number;
}

export interface DattoJob {
  id: number;
  uid: string;
  name: string;
  deviceUid: string;
  componentUid: string;
  componentName: string;
  dateCreated: number;
  status: 'active' | 'completed';
  /** Reads of the job still to answer "active". */
  pollsLeft: number;
  result: { success: boolean; stdout: string; stderr: string };
}

export interface DattoComponent {
  uid: string;
  name: string;
  kind: 'service-restart' | 'service-stop' | 'service-status' | 'choco-install' | 'choco-uninstall';
}

/**
 * A monitor's webhook response as configured in Datto: separate triggered and resolved payload
 * templates with [bracket] variables (see integrations/datto/webhook-template.ts).
 */
export interface DattoWebhookConfig {
  url: string;
  headers: Record<string, string>;
  triggeredBody: string;
  resolvedBody: string;
}

export interface CallLogEntry {
  method: string;
  path: string;
  status: number;
  fault?: string;
}
