import { z } from 'zod';
import { RmmAlert } from '../../src/model/rmm.js';
import { blankToUndefined, describeIssue, type Parsed } from '../rmm-webhook-flow.js';

const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

/** The payload of webhook-template.ts after Datto filled in the [variables]. */
export const DattoWebhookBody = z.object({
  event: z.enum(['triggered', 'resolved']),
  alertUid: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'a Datto alert uid'),
  priority: opt(z.string().max(32)),
  message: opt(z.string().max(2000)),
  deviceId: z.string().regex(/^(\d{1,12}|[0-9a-fA-F-]{36})$/, 'a Datto device id or uid'),
  hostname: opt(z.string().max(255)),
  site: opt(z.string().max(255)),
  category: z.enum(['service_stopped', 'software_request', 'other']).default('other'),
  serviceName: opt(z.string().max(256)),
  application: opt(z.string().max(256)),
});

/**
 * The category and service come from the monitor's own payload (typed by the MSP per monitor),
 * not from the alert message. The alert uid doubles as the check id (Datto resolves the alert
 * when the monitor passes again).
 */
export function parseDattoWebhook(json: unknown, installationId: string): Parsed {
  const parsed = DattoWebhookBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const b = parsed.data;
  if (b.category === 'service_stopped' && !b.serviceName) return { ok: false, message: "invalid payload at 'serviceName': required when category is service_stopped" };
  const alert = RmmAlert.safeParse({
    rmm: 'datto',
    alertId: b.alertUid.toLowerCase(),
    status: b.event === 'triggered' ? 'failing' : 'resolved',
    category: b.category,
    deviceId: b.deviceId.toLowerCase(),
    deviceName: b.hostname,
    serviceName: b.category === 'service_stopped' ? b.serviceName : undefined,
    // The body's application is never trusted: the engine reads the request from the alert in the API.
    application: undefined,
    checkId: b.alertUid.toLowerCase(),
    message: b.message ?? '',
  });
  if (!alert.success) return { ok: false, message: describeIssue(alert.error) };
  return { ok: true, alert: alert.data, deliveryKey: `datto:${installationId}:${b.alertUid.toLowerCase()}:${b.event}`, action: b.event };
}
