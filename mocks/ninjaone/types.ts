import type { SimDevice } from '../rmm-devices/device-model.js';

export interface NinjaDevice {
  id: number;
  device: SimDevice;
  organizationId: number;
  locationId: number;
}

/** An entry of a device's activity log (GET /v2/device/{id}/activities), also what webhooks carry. */
export interface NinjaActivity {
  id: number;
  activityTime: number;
  deviceId: number;
  severity: 'NONE' | 'MINOR' | 'MODERATE' | 'MAJOR' | 'CRITICAL';
  priority: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
  seriesUid: string;
  activityType: 'CONDITION' | 'ACTION' | 'ACTIONSET';
  statusCode: string;
  status: string;
  activityResult?: 'SUCCESS' | 'FAILURE' | 'UNSUPPORTED' | 'UNCOMPLETED';
  sourceConfigUid?: string;
  sourceName: string;
  subject: string;
  message: string;
  type: string;
  data: Record<string, unknown>;
}

export interface NinjaScript {
  id: number;
  name: string;
  kind: 'choco-install' | 'choco-uninstall' | 'echo';
}

/** Where activities are posted (PUT /v2/webhook, or the sandbox's notification channel). */
export interface NinjaWebhookConfig {
  url: string;
  headers: { name: string; value: string }[];
}

export interface CallLogEntry {
  method: string;
  path: string;
  status: number;
  fault?: string;
}
