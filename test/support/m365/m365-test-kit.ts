import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createM365Simulator, sandboxM365Urls, SIM_M365_APP, type M365Simulator, type M365SimUrls } from '../../../mocks/m365/index.js';
import { M365Config } from '../../../src/config/schema.js';

/** Shared setup for this folder's tests: the M365 simulator behind msw, strict about strays. */
export const CONTOSO = '6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01';
export const FABRIKAM = '0c4e8f7a-6b2d-4e1f-8a9c-5d3b2e1f0a02';
export const SECRET_ENV = 'TICKETFIX_M365_CLIENT_SECRET';
export const ENV = { [SECRET_ENV]: SIM_M365_APP.clientSecret };
/** http on 127.0.0.1 like the sandbox (direct token path); msw answers, nothing listens. */
export const SANDBOX_URLS = sandboxM365Urls('http://127.0.0.1:9');

export function m365Config(urls: M365SimUrls): M365Config {
  return M365Config.parse({ appClientId: SIM_M365_APP.clientId, clientSecretEnv: SECRET_ENV, authorityHost: urls.authority, graphBaseUrl: urls.graph, exchangeBaseUrl: urls.exchange });
}

/** Records back-off waits instead of sleeping, so Retry-After is asserted, not waited out. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

/** Starts msw for the file; `use(sim)` swaps in a fresh simulator per test. */
export function mswForM365(): { use: (sim: M365Simulator) => M365Simulator } {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    use(sim) {
      server.use(...sim.handlers);
      return sim;
    },
  };
}

export { createM365Simulator };
