import { createDattoSimulator, DATTO_SIM_COMPONENTS, type DattoSimulator, type DattoSimulatorOptions } from '../../../mocks/datto/index.js';
import { createLogger } from '../../../src/log.js';
import { createAccountLimiter } from '../../../integrations/datto/account-limiter.js';
import { createDattoAdapter } from '../../../integrations/datto/datto-adapter.js';
import { DattoInstallation } from '../../../integrations/datto/installation-schema.js';

export const DATTO_TEST_API = 'https://merlot-api.centrastage.test';
export const DATTO_TEST_ENV = { DATTO_API_KEY: 'DATTOTESTKEY', DATTO_API_SECRET: 'datto-test-api-secret', DATTO_WEBHOOK_SECRET: 'datto-test-webhook-secret' };

export function dattoTestInstall(id = 'datto-test', over: Partial<DattoInstallation['datto']> = {}): DattoInstallation {
  return DattoInstallation.parse({
    id,
    rmm: 'datto',
    datto: { apiUrl: DATTO_TEST_API, apiKeyEnv: 'DATTO_API_KEY', apiSecretEnv: 'DATTO_API_SECRET', webhookSecretEnv: 'DATTO_WEBHOOK_SECRET', components: DATTO_SIM_COMPONENTS, jobPollMs: 10, jobTimeoutMs: 200, ...over },
  });
}

/** A simulator and an adapter on a fake clock that sleeping advances (so limiter waits cost no time). */
export function dattoTestSetup(o: { sim?: Partial<DattoSimulatorOptions>; install?: Partial<DattoInstallation['datto']>; requestsPerMinute?: number } = {}) {
  let clock = Date.UTC(2026, 10, 26, 12);
  const now = () => new Date(clock);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock += ms;
  };
  const sim: DattoSimulator = createDattoSimulator({ baseUrl: DATTO_TEST_API, apiKey: DATTO_TEST_ENV.DATTO_API_KEY, apiSecret: DATTO_TEST_ENV.DATTO_API_SECRET, now, ...o.sim });
  const install = dattoTestInstall('datto-test', o.install);
  const limiter = createAccountLimiter(o.requestsPerMinute ?? install.datto.requestsPerMinute, () => clock, sleep);
  const adapter = createDattoAdapter(install, { env: DATTO_TEST_ENV, log: createLogger({ level: 'silent' }), sleep, now, limiter });
  return { sim, install, adapter, sleeps, limiter, env: DATTO_TEST_ENV, advance: (ms: number) => void (clock += ms) };
}
