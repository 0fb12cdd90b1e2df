import { checkFetchRequest, loadSpec } from '../../test/support/openapi-conformance.js';
import type { HaloSimulator, HaloSimulatorOptions } from './simulator.js';
import { newTestSimulator } from './test-kit.js';

/**
 * Checks a resource-server request against the real HaloPSA v2 OpenAPI description
 * (shared/specs/halopsa-v2.openapi.json): path template, method, path parameter types and the
 * JSON body. Kept out of index.ts so the sandbox never loads the 4 MB spec.
 */
export const haloSpecCheck = (request: Request): Promise<string[]> => checkFetchRequest(loadSpec('halopsa'), request, '/api');

/** The test simulator with every request checked against the spec (violations answer 400). */
export function newSpecCheckedSimulator(overrides: Partial<HaloSimulatorOptions> = {}): HaloSimulator {
  return newTestSimulator({ requestCheck: haloSpecCheck, ...overrides });
}
