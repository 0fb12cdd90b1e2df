import { z } from 'zod';
import { RmmAlert } from '../../src/model/rmm.js';
import { describeIssue, type Parsed } from '../rmm-webhook-flow.js';

/**
 * The documented body of a generic callback (docs/generic-rmm-callback.md). Strict: an unknown
 * field is a mistake in the sender's script, and in particular nothing here may choose the
 * organisation (it comes from the installation the signature belongs to).
 */
export const GenericCallbackBody = z.strictObject({
  /** Unique per event (the script makes a GUID); the same event re-sent is a duplicate. */
  eventId: z.string().min(1).max(128),
  status: z.enum(['failing', 'resolved']),
  category: z.enum(['service_stopped', 'software_request', 'other']),
  deviceId: z.string().min(1).max(128),
  deviceName: z.string().max(255).optional(),
  serviceName: z.string().min(1).max(256).optional(),
  application: z.string().min(1).max(256).optional(),
  checkId: z.string().max(128).optional(),
  psaTicketId: z.string().max(64).optional(),
  message: z.string().max(2000).optional(),
  raisedAt: z.string().datetime({ offset: true }).optional(),
});
export type GenericCallbackBody = z.infer<typeof GenericCallbackBody>;

export function parseGenericCallback(json: unknown, installationId: string, organisationId: string): Parsed {
  const parsed = GenericCallbackBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const b = parsed.data;
  if (b.category === 'service_stopped' && !b.serviceName) return { ok: false, message: "invalid payload at 'serviceName': required when category is service_stopped" };
  if (b.category === 'software_request' && !b.application) return { ok: false, message: "invalid payload at 'application': required when category is software_request" };
  const alert = RmmAlert.safeParse({
    rmm: 'generic',
    alertId: b.eventId,
    status: b.status,
    category: b.category,
    deviceId: b.deviceId,
    deviceName: b.deviceName,
    organisationHint: organisationId,
    serviceName: b.serviceName,
    application: b.application,
    checkId: b.checkId,
    psaTicketId: b.psaTicketId,
    message: b.message ?? '',
    raisedAt: b.raisedAt ? new Date(b.raisedAt).toISOString() : undefined,
  });
  if (!alert.success) return { ok: false, message: describeIssue(alert.error) };
  return { ok: true, alert: alert.data, deliveryKey: `generic:${installationId}:${b.eventId}:${b.status}`, action: b.status };
}
