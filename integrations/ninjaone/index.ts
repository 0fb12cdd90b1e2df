export { ninjaOneIntegration } from './integration.js';
export { NinjaOneInstallation } from './installation-schema.js';
export { createNinjaAdapter } from './ninja-adapter.js';
export { parseNinjaWebhook, NinjaWebhookBody } from './parse-webhook.js';
