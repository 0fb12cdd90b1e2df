import type { RmmInstallation } from '../src/config/schema.js';
import type { RmmIntegration } from './rmm-integration.js';
import { dattoIntegration } from './datto/integration.js';
import { genericRmmIntegration } from './generic-rmm/integration.js';
import { ninjaOneIntegration } from './ninjaone/integration.js';
import { tacticalIntegration } from './tactical/integration.js';

/** Every RMM the app takes alerts from, keyed by the installation's `rmm`. */
const RMM_INTEGRATIONS = {
  tactical: tacticalIntegration,
  ninjaone: ninjaOneIntegration,
  datto: dattoIntegration,
  generic: genericRmmIntegration,
} as const satisfies Record<RmmInstallation['rmm'], RmmIntegration<never>>;

export function rmmIntegrationFor(install: RmmInstallation): RmmIntegration {
  return RMM_INTEGRATIONS[install.rmm] as RmmIntegration;
}
