import type { Installation } from '../src/config/schema.js';
import { connectwiseIntegration } from './connectwise/integration.js';
import { haloIntegration } from './halopsa/integration.js';
import type { PsaIntegration } from './psa-integration.js';

/** Every PSA the app can be installed in, keyed by the installation's `psa`. */
const PSA_INTEGRATIONS: Partial<Record<Installation['psa'], PsaIntegration<never>>> = {
  connectwise: connectwiseIntegration,
  halopsa: haloIntegration,
};

export function psaIntegrationFor(install: Installation): PsaIntegration {
  const integration = PSA_INTEGRATIONS[install.psa];
  if (!integration) throw new Error(`installation '${install.id}': PSA '${install.psa}' is not supported yet`);
  return integration as PsaIntegration;
}
