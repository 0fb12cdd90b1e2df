import { createTacticalSimulator, type TacticalSimulator, type TacticalSimulatorOptions } from '../../../mocks/tactical/index.js';
import { createLogger } from '../../../src/log.js';
import { TacticalInstallation } from '../../../integrations/tactical/installation-schema.js';
import { createTacticalAdapter } from '../../../integrations/tactical/tactical-adapter.js';

export const TACTICAL_TEST_API = 'https://api.rmm.test.example';
export const TACTICAL_TEST_ENV = { TACTICAL_API_KEY: 'tactical-test-api-key', TACTICAL_WEBHOOK_SECRET: 'tactical-test-webhook-secret' };

export function tacticalTestInstall(id = 'tactical-test', over: Partial<TacticalInstallation['tactical']> = {}): TacticalInstallation {
  return TacticalInstallation.parse({
    id,
    rmm: 'tactical',
    tactical: { apiUrl: TACTICAL_TEST_API, apiKeyEnv: 'TACTICAL_API_KEY', webhookSecretEnv: 'TACTICAL_WEBHOOK_SECRET', chocoUninstallScriptId: 41, jobPollMs: 10, jobTimeoutMs: 1_000, ...over },
  });
}

export function tacticalTestSetup(o: { sim?: Partial<TacticalSimulatorOptions>; install?: Partial<TacticalInstallation['tactical']>; sleep?: (ms: number) => Promise<void> } = {}) {
  const sim: TacticalSimulator = createTacticalSimulator({ baseUrl: TACTICAL_TEST_API, apiKey: TACTICAL_TEST_ENV.TACTICAL_API_KEY, ...o.sim });
  const install = tacticalTestInstall('tactical-test', o.install);
  const sleeps: number[] = [];
  // A clock that only sleeping moves: job timeouts count polls, not how busy the machine is.
  let clock = Date.UTC(2026, 10, 26, 12);
  const sleep =
    o.sleep ??
    (async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    });
  const adapter = createTacticalAdapter(install, { env: TACTICAL_TEST_ENV, log: createLogger({ level: 'silent' }), sleep, now: () => new Date(clock) });
  return { sim, install, adapter, sleeps, env: TACTICAL_TEST_ENV };
}
