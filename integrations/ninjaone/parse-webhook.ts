import { z } from 'zod';
import { RmmAlert } from '../../src/model/rmm.js';
import { describeIssue, isoOrUndefined, type Parsed } from '../rmm-webhook-flow.js';
import type { NinjaOneInstallation } from './installation-schema.js';

/** The activity fields a NinjaOne webhook carries that this app reads (the rest pass through). */
export const NinjaWebhookBody = z.object({
  id: z.number().int().nonnegative(),
  activityTime: z.number().optional(),
  deviceId: z.number().int().nonnegative(),
  activityType: z.string().min(1).max(64),
  statusCode: z.string().max(64).optional(),
  seriesUid: z.string().max(128).optional(),
  sourceConfigUid: z.string().max(128).optional(),
  sourceName: z.string().max(255).optional(),
  subject: z.string().max(1000).optional(),
  message: z.string().max(4000).optional(),
  device: z.object({ organizationId: z.number().optional(), systemName: z.string().max(255).optional() }).passthrough().optional(),
});

const STATUS: Record<string, 'failing' | 'resolved'> = { TRIGGERED: 'failing', RESET: 'resolved' };

/**
 * A CONDITION activity becomes an alert (TRIGGERED → failing, RESET → resolved); what it is about
 * comes from the installation's condition map by `sourceConfigUid`, never from the message. Other
 * activities are acknowledged and ignored.
 */
export function parseNinjaWebhook(json: unknown, install: NinjaOneInstallation): Parsed {
  const parsed = NinjaWebhookBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const b = parsed.data;
  const status = b.statusCode ? STATUS[b.statusCode] : undefined;
  if (b.activityType !== 'CONDITION' || !status) return { ok: 'ignore', reason: `activity ${b.activityType}/${b.statusCode ?? '-'} is not a condition trigger or reset` };
  const condition = install.ninjaone.conditions.find((c) => c.uid === b.sourceConfigUid);
  const alert = RmmAlert.safeParse({
    rmm: 'ninjaone',
    alertId: b.seriesUid ?? String(b.id),
    status,
    category: condition?.category ?? 'other',
    deviceId: String(b.deviceId),
    deviceName: b.device?.systemName,
    organisationHint: b.device?.organizationId === undefined ? undefined : String(b.device.organizationId),
    serviceName: condition?.category === 'service_stopped' ? condition.serviceName : undefined,
    application: condition?.category === 'software_request' ? condition.application : undefined,
    checkId: b.sourceConfigUid,
    message: (b.message ?? b.subject ?? '').slice(0, 2000),
    raisedAt: isoOrUndefined(b.activityTime),
  });
  if (!alert.success) return { ok: false, message: describeIssue(alert.error) };
  return { ok: true, alert: alert.data, deliveryKey: `ninjaone:${install.id}:${b.id}`, action: `${b.activityType}:${b.statusCode}` };
}
