import type { RmmIntegration } from '../rmm-integration.js';
import { dattoDoctor, dattoInstall } from './setup.js';
import { createDattoAdapter } from './datto-adapter.js';
import type { DattoInstallation } from './installation-schema.js';
import { createDattoWebhookHandler } from './webhook-handler.js';

/** Datto RMM: monitor webhooks in (shared secret), API v2 quick jobs out under the account-wide limit. */
export const dattoIntegration: RmmIntegration<DattoInstallation> = {
  rmm: 'datto',
  canAct: true,
  createAdapter: createDattoAdapter,
  createWebhookHandler: createDattoWebhookHandler,
  install: dattoInstall,
  doctor: dattoDoctor,
};
