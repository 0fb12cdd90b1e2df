import { createConnectWiseSimulator, sampleCredentials, type ConnectWiseSimulator, type ConnectWiseSimulatorOptions } from './simulator.js';

/** Shared by the simulator's own tests and the integration tests: the fake cloud base URL. */
export const CW_TEST_BASE = 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0';
export const CW_TEST_MEMBER = 'ticketfix-api';

export function newTestSimulator(overrides: Partial<ConnectWiseSimulatorOptions> = {}): ConnectWiseSimulator {
  return createConnectWiseSimulator({ baseUrl: CW_TEST_BASE, credentials: sampleCredentials(), memberIdentifier: CW_TEST_MEMBER, ...overrides });
}

/** A fetch against the simulator with valid credentials (override headers to test auth). */
export async function cwFetch(sim: ConnectWiseSimulator, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
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
