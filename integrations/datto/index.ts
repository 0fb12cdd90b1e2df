export { dattoIntegration } from './integration.js';
export { DattoInstallation } from './installation-schema.js';
export { createDattoAdapter } from './datto-adapter.js';
export { parseDattoWebhook, DattoWebhookBody } from './parse-webhook.js';
export { DATTO_SECRET_HEADER, dattoWebhookPayload } from './webhook-template.js';
