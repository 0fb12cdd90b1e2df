/**
 * Checks simulator routes and adapter requests against the vendors' real API specs
 * (../shared/specs/autotask-rest-v1.swagger.json, ../shared/specs/halopsa-v2.openapi.json).
 * Implementation lives in ./openapi/.
 */
export type { OpenApiSpec, SpecName, SpecOperation } from './openapi/types.js';
export { loadSpec } from './openapi/spec-index.js';
export { checkRoute, findOperation } from './openapi/route-matching.js';
export { checkFetchRequest, checkRequest } from './openapi/check-request.js';
