import { createHaloSimulator, sampleHaloApp, type HaloSimulator, type HaloSimulatorOptions } from './simulator.js';

/** Shared by the simulator's own tests and the integration tests: a fake Halo-hosted instance. */
export const HALO_TEST_BASE = 'https://msp.halopsa.com/api';
export const HALO_TEST_TENANT = 'msp';
export const HALO_TEST_AGENT_ID = 35;

export function newTestSimulator(overrides: Partial<HaloSimulatorOptions> = {}): HaloSimulator {
  return createHaloSimulator({ baseUrl: HALO_TEST_BASE, tenant: HALO_TEST_TENANT, app: sampleHaloApp(), agentId: HALO_TEST_AGENT_ID, limits: null, ...overrides });
}

/** A fetch against the simulator with a valid token (override headers to test auth). */
export async function haloFetch(sim: HaloSimulator, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${sim.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...sim.authHeaders(), 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at loose JSON
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, headers: res.headers, json };
}
