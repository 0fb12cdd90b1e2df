import type { RmmIntegration } from '../rmm-integration.js';
import type { TacticalInstallation } from './installation-schema.js';
import { tacticalDoctor, tacticalInstall } from './setup.js';
import { createTacticalAdapter } from './tactical-adapter.js';
import { createTacticalWebhookHandler } from './webhook-handler.js';

/** Tactical RMM: alert-template URL actions in (shared secret header), X-API-KEY API out. */
export const tacticalIntegration: RmmIntegration<TacticalInstallation> = {
  rmm: 'tactical',
  canAct: true,
  createAdapter: createTacticalAdapter,
  createWebhookHandler: createTacticalWebhookHandler,
  install: tacticalInstall,
  doctor: tacticalDoctor,
};
