import { createApiKey } from '../auth/api-keys.js';
import { ROLES, type Role } from '../auth/roles.js';
import type { Store } from '../store/store.js';

/** One API key per role, made fresh at each sandbox start (GET /sandbox shows them). */
export type DemoKeys = Record<Role, string>;

/**
 * Makes `sandbox-<role>` keys. Earlier starts' keys are left alone: several sandboxes may share
 * one store (multi-instance runs), and revoking would sign the others' users out.
 */
export async function createDemoKeys(store: Store, now: Date): Promise<DemoKeys> {
  const keys = {} as DemoKeys;
  for (const role of ROLES) keys[role] = (await createApiKey(store, `sandbox-${role}`, role, 'sandbox', now)).key;
  return keys;
}
