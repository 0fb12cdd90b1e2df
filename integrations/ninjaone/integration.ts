import type { RmmIntegration } from '../rmm-integration.js';
import { ninjaDoctor, ninjaInstall } from './setup.js';
import type { NinjaOneInstallation } from './installation-schema.js';
import { createNinjaAdapter } from './ninja-adapter.js';
import { createNinjaWebhookHandler } from './webhook-handler.js';

/** NinjaOne: activity webhooks in (secret header), OAuth client-credentials API v2 out. */
export const ninjaOneIntegration: RmmIntegration<NinjaOneInstallation> = {
  rmm: 'ninjaone',
  canAct: true,
  createAdapter: createNinjaAdapter,
  createWebhookHandler: createNinjaWebhookHandler,
  install: ninjaInstall,
  doctor: ninjaDoctor,
};
