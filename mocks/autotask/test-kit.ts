import { checkFetchRequest, loadSpec } from '../../test/support/openapi-conformance.js';
import { createAutotaskSimulator, sampleCredentials, type AutotaskSimulator, type AutotaskSimulatorOptions } from './simulator.js';

/** Shared by the simulator's own tests and the integration tests: a fake zone-5 base URL. */
export const AT_TEST_BASE = 'https://webservices5.autotask.net/ATServicesRest/V1.0';
/** The resource id of the simulated API-only user. */
export const AT_API_RESOURCE_ID = 29682884;

/**
 * Checks every request against the real Autotask Swagger (test/support/openapi-conformance.ts):
 * a request that drifts from it is answered 400 and lands in `state.specViolations`.
 */
export function specRequestCheck(baseUrl = AT_TEST_BASE): (request: Request) => Promise<string[]> {
  const spec = loadSpec('autotask');
  // The spec's basePath is /ATServicesRest; a sandbox serves it under a prefix (/sim/autotask/ATServicesRest).
  const prefix = new URL(baseUrl).pathname.replace(/\/V1\.0\/?$/, '');
  return (request) => checkFetchRequest(spec, request, prefix);
}

/**
 * A simulator on the fake zone-5 base with the spec check on. Tests of the simulator's own
 * validation (which send off-spec bodies on purpose) pass `requestCheck: undefined`.
 */
export function newTestSimulator(overrides: Partial<AutotaskSimulatorOptions> = {}): AutotaskSimulator {
  return createAutotaskSimulator({
    baseUrl: AT_TEST_BASE,
    credentials: sampleCredentials(),
    apiResourceId: AT_API_RESOURCE_ID,
    requestCheck: specRequestCheck(overrides.baseUrl),
    // Fast webhook retries so tests see Autotask's schedule in milliseconds.
    webhooks: { retryDelaysMs: [5, 5, 5, 5], timeoutMs: 2_000, ...overrides.webhooks },
    limits: { latencyPastHalfMs: 0, ...overrides.limits },
    ...withoutNested(overrides),
  });
}

function withoutNested(o: Partial<AutotaskSimulatorOptions>): Partial<AutotaskSimulatorOptions> {
  const { webhooks: _w, limits: _l, ...rest } = o;
  return rest;
}

/** A fetch against the simulator with valid credentials (override headers to test auth). */
export async function atFetch(sim: AutotaskSimulator, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; impersonate?: number } = {}) {
  const res = await fetch(`${sim.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...sim.authHeaders(init.impersonate), 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at loose JSON
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, headers: res.headers, json };
}
