import type { RmmIntegration } from '../rmm-integration.js';
import { genericDoctor, genericInstall } from './setup.js';
import { createGenericAdapter } from './generic-adapter.js';
import type { GenericRmmInstallation } from './installation-schema.js';
import { createGenericWebhookHandler } from './webhook-handler.js';

/** Any RMM's script policy posting a signed callback (docs/generic-rmm-callback.md). Alerts in only. */
export const genericRmmIntegration: RmmIntegration<GenericRmmInstallation> = {
  rmm: 'generic',
  canAct: false,
  createAdapter: (install) => createGenericAdapter(install),
  createWebhookHandler: createGenericWebhookHandler,
  install: genericInstall,
  doctor: genericDoctor,
};
