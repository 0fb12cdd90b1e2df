import type { Installation } from '../src/config/schema.js';
import { autotaskIntegration } from './autotask/integration.js';
import { connectwiseIntegration } from './connectwise/integration.js';
import { haloIntegration } from './halopsa/integration.js';
import type { PsaIntegration } from './psa-integration.js';

/** Every PSA the app can be installed in, keyed by the installation's `psa`. */
const PSA_INTEGRATIONS = {
  autotask: autotaskIntegration,
  connectwise: connectwiseIntegration,
  halopsa: haloIntegration,
} as const satisfies Record<Installation['psa'], PsaIntegration<never>>;

export function psaIntegrationFor(install: Installation): PsaIntegration {
  return PSA_INTEGRATIONS[install.psa] as PsaIntegration;
}
