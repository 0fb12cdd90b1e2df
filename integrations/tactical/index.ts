export { tacticalIntegration } from './integration.js';
export { TacticalInstallation } from './installation-schema.js';
export { createTacticalAdapter } from './tactical-adapter.js';
export { createTacticalWebhookHandler } from './webhook-handler.js';
export { parseTacticalAlert, TacticalAlertBody } from './parse-webhook.js';
export { TACTICAL_FAILURE_BODY, TACTICAL_RESOLVED_BODY, TACTICAL_SECRET_HEADER, tacticalRestHeaders } from './alert-template.js';
