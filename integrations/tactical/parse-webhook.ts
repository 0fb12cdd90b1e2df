import { z } from 'zod';
import { RmmAlert } from '../../src/model/rmm.js';
import { blankToUndefined, describeIssue, isoOrUndefined, type Parsed } from '../rmm-webhook-flow.js';

const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());
const idText = z.union([z.string(), z.number()]).transform(String);

/** The body of alert-template.ts after Tactical filled it in. */
export const TacticalAlertBody = z.object({
  event: z.enum(['failure', 'resolved']),
  alert_id: z.preprocess(blankToUndefined, idText.pipe(z.string().min(1).max(128))),
  alert_type: opt(z.string().max(32)),
  severity: opt(z.string().max(32)),
  alert_time: opt(z.string().max(64)),
  message: opt(z.string().max(2000)),
  agent_id: z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, 'a Tactical agent_id'),
  hostname: opt(z.string().max(255)),
  client_id: opt(idText.pipe(z.string().max(128))),
  check_id: opt(idText.pipe(z.string().max(128))),
  check_type: opt(z.string().max(32)),
  service_name: opt(z.string().max(256)),
  /** The agent's software-request custom field (alert-template.ts); only read for a script check. */
  requested_app: opt(z.string().max(256)),
});
export type TacticalAlertBody = z.infer<typeof TacticalAlertBody>;

/**
 * Normalises a Tactical alert. The category comes from the check's type (a Windows service
 * check is `winsvc`; the software-request script check is `script` with the agent's request
 * field filled in), never from the message text.
 */
export function parseTacticalAlert(json: unknown, installationId: string): Parsed {
  const parsed = TacticalAlertBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const b = parsed.data;
  const serviceStopped = b.check_type === 'winsvc' && b.service_name !== undefined;
  const softwareRequest = b.check_type === 'script' && b.requested_app !== undefined;
  const alert = RmmAlert.safeParse({
    rmm: 'tactical',
    alertId: b.alert_id,
    status: b.event === 'failure' ? 'failing' : 'resolved',
    category: serviceStopped ? 'service_stopped' : softwareRequest ? 'software_request' : 'other',
    deviceId: b.agent_id,
    deviceName: b.hostname,
    organisationHint: b.client_id,
    serviceName: serviceStopped ? b.service_name : undefined,
    application: softwareRequest ? b.requested_app!.trim() : undefined,
    checkId: b.check_id,
    message: b.message ?? '',
    raisedAt: isoOrUndefined(b.alert_time),
  });
  if (!alert.success) return { ok: false, message: describeIssue(alert.error) };
  // Failure and resolved share the alert id; a repeated failure action for the same alert is a re-delivery.
  return { ok: true, alert: alert.data, deliveryKey: `tactical:${installationId}:${b.alert_id}:${b.event}`, action: b.event };
}
