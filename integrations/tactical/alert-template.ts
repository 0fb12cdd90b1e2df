/**
 * What the MSP sets up in Tactical RMM for alerts to reach the app. In Tactical a REST webhook
 * is a global *URL Action* (Settings > Global Settings > URL Actions: type REST, method, URL,
 * body, headers) that an Alert Template only references (Failure Settings / Resolved Settings:
 * action type "Rest", then pick the URL action); nothing is typed into the template itself
 * (amidaware/tacticalrmm api/tacticalrmm/alerts/models.py AlertTemplate.action_rest,
 * core/models.py URLAction). Failure and resolved each need their own URL action (the body
 * says which event it is).
 *
 * Substitution (core/utils.py, tacticalrmm/utils.py get_db_value): each `{{...}}` becomes the
 * value's text; a missing or empty value becomes the text `None`; quotes are NOT escaped, so a
 * free-text value with a `"` breaks the JSON and Tactical then posts the whole text as one JSON
 * string. The body therefore carries only ids and fixed words (no alert message, no user text);
 * the parser reads `None` as absent. The request itself is read from the agent, not from here.
 */
export const TACTICAL_SECRET_HEADER = 'X-Ticketfix-Secret';

/** Names the MSP gives the two URL actions (any name works; these are what the docs and doctor show). */
export const TACTICAL_URL_ACTION_NAMES = { failure: 'TicketFix - alert failure', resolved: 'TicketFix - alert resolved' } as const;

/**
 * Self-service software requests: the "Request software" script writes the application picked
 * from the catalogue into this agent custom field; the "TicketFix - Software request" script
 * check (its script configured as softwareRequestScriptId) prints the field's value and exits 1
 * while it holds one. The app reads the check's own output from the agent's checks.
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
      agent_id: '{{agent.agent_id}}',
      hostname: '{{agent.hostname}}',
      client_id: '{{agent.site.client.id}}',
      check_id: '{{alert.assigned_check.id}}',
      check_type: '{{alert.assigned_check.check_type}}',
      service_name: '{{alert.assigned_check.svc_name}}',
    },
    null,
    2,
  );

export const TACTICAL_FAILURE_BODY = body('failure');
export const TACTICAL_RESOLVED_BODY = body('resolved');

export const tacticalRestHeaders = (secret: string): Record<string, string> => ({ 'Content-Type': 'application/json', [TACTICAL_SECRET_HEADER]: secret });
