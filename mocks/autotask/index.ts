export { createAutotaskSimulator, autotaskRouteTable, sampleCredentials, GLOBAL_ZONE_LOOKUP_URL, type AutotaskSimulator, type AutotaskSimulatorOptions, type AutotaskFaults, type ActAs } from './simulator.js';
export { authHeaders, type AutotaskCredentials, type Actor } from './auth.js';
export { autotaskEscapeJson, autotaskJson, signWebhookBody } from './sign-webhook.js';
export { type AutotaskLimitOptions } from './limits.js';
export { type WebhookDeliveryOptions } from './webhook-dispatcher.js';
export { type RouteInfo } from './route.js';
export { WEBHOOK_SPEC_EXCEPTION } from './routes-webhooks.js';
export { zoneUrlOf } from './routes-zone-threshold.js';
export { STATUS, PRIORITY, QUEUE, PUBLISH, NOTE_TYPE } from './entity-fields.js';
export {
  type AutotaskState,
  DISPATCHER_RESOURCE_ID,
  TECHNICIAN_RESOURCE_ID,
  INACTIVE_RESOURCE_ID,
  GUARDED_RESOURCE_ID,
  HELP_DESK_ROLE_ID,
  ENGINEER_ROLE_ID,
  FIRST_CONTACT_ID,
} from './seed-state.js';
export type * from './types.js';
// test-kit.ts (spec-checked test simulators) is imported directly by tests: it pulls in the
// OpenAPI checker, which the sandbox must not load.
