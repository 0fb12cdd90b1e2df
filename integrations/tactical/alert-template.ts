/**
 * What the MSP pastes into a Tactical RMM Alert Template: Failure action and Resolved action of
 * type "URL Action" (rest), method POST, URL `<publicUrl>/webhooks/rmm/tactical/<installationId>`,
 * these headers (with the secret from `webhookSecretEnv`) and this body. Tactical replaces each
 * `{{...}}` with the alert's, agent's and check's values before it posts (8 s timeout, no retry).
 * Only the structured fields decide anything (check_type, service_name); `message` is for people.
 * For non-check alerts the check variables come out empty, which the parser accepts.
 */
export const TACTICAL_SECRET_HEADER = 'X-Ticketfix-Secret';

/**
 * Self-service software requests: the user's "Request software" script writes the application
 * picked from the catalogue into this agent custom field (text) and the "TicketFix - Software
 * request" script check fails while it holds a value. The template sends the field as
 * `requested_app`; a failing script check with a value is a software request.
 */
export const TACTICAL_SOFTWARE_REQUEST_FIELD = 'TicketfixSoftwareRequest';

const body = (event: 'failure' | 'resolved') =>
  JSON.stringify(
    {
      event,
      alert_id: '{{alert.id}}',
      alert_type: '{{alert.alert_type}}',
      severity: '{{alert.severity}}',
      alert_time: '{{alert.alert_time}}',
      message: '{{alert.message}}',
      agent_id: '{{agent.agent_id}}',
      hostname: '{{agent.hostname}}',
      client_id: '{{agent.site.client.id}}',
      check_id: '{{alert.assigned_check.id}}',
      check_type: '{{alert.assigned_check.check_type}}',
      service_name: '{{alert.assigned_check.svc_name}}',
      requested_app: `{{agent.${TACTICAL_SOFTWARE_REQUEST_FIELD}}}`,
    },
    null,
    2,
  );

export const TACTICAL_FAILURE_BODY = body('failure');
export const TACTICAL_RESOLVED_BODY = body('resolved');

export const tacticalRestHeaders = (secret: string): Record<string, string> => ({ 'Content-Type': 'application/json', [TACTICAL_SECRET_HEADER]: secret });
