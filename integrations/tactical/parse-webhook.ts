import { z } from 'zod';
import { RmmAlert } from '../../src/model/rmm.js';
import { blankToUndefined, describeIssue, isoOrUndefined, type Parsed } from '../rmm-webhook-flow.js';

/** Tactical substitutes a missing or empty value as the text `None` (tacticalrmm/utils.py get_db_value). */
const noneToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === 'None' ? undefined : blankToUndefined(v));
const opt = <T extends z.ZodType>(s: T) => z.preprocess(noneToUndefined, s.optional());
const idText = z.union([z.string(), z.number()]).transform(String);

/** The body of alert-template.ts after Tactical filled it in. */
export const TacticalAlertBody = z.object({
  event: z.enum(['failure', 'resolved']),
  alert_id: z.preprocess(noneToUndefined, idText.pipe(z.string().min(1).max(128))),
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
  /** Older templates sent the request; it is never trusted (the agent's check output is read instead). */
  requested_app: opt(z.string().max(256)),
});
export type TacticalAlertBody = z.infer<typeof TacticalAlertBody>;

/**
 * Normalises a Tactical alert. The category comes from the check's type (a Windows service
 * check is `winsvc`; a script check may be the software-request check), never from message
 * text. A software request carries no application here: the engine reads it from the agent.
 */
export function parseTacticalAlert(json: unknown, installationId: string): Parsed {
  // Tactical posts the template text as one JSON string when substitution broke its JSON (core/utils.py).
  if (typeof json === 'string') return { ok: false, message: 'Tactical sent the URL action body as a string: after substitution it was not valid JSON (a value with a quote?)' };
  const parsed = TacticalAlertBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const b = parsed.data;
  const serviceStopped = b.check_type === 'winsvc' && b.service_name !== undefined;
  // A failing script check may be a software request; which application is read from the agent later.
  const softwareRequest = b.check_type === 'script' && b.check_id !== undefined;
  const alert = RmmAlert.safeParse({
    rmm: 'tactical',
    alertId: b.alert_id,
    status: b.event === 'failure' ? 'failing' : 'resolved',
    category: serviceStopped ? 'service_stopped' : softwareRequest ? 'software_request' : 'other',
    deviceId: b.agent_id,
    deviceName: b.hostname,
    organisationHint: b.client_id,
    serviceName: serviceStopped ? b.service_name : undefined,
    checkId: b.check_id,
    message: b.message ?? '',
    raisedAt: isoOrUndefined(b.alert_time),
  });
  if (!alert.success) return { ok: false, message: describeIssue(alert.error) };
  // Failure and resolved share the alert id; a repeated failure action for the same alert is a re-delivery.
  return { ok: true, alert: alert.data, deliveryKey: `tactical:${installationId}:${b.alert_id}:${b.event}`, action: b.event };
}
