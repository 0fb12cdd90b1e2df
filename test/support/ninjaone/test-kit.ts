import { createNinjaOneSimulator, type NinjaOneSimulator, type NinjaOneSimulatorOptions } from '../../../mocks/ninjaone/index.js';
import { createLogger } from '../../../src/log.js';
import { NinjaOneInstallation } from '../../../integrations/ninjaone/installation-schema.js';
import { createNinjaAdapter } from '../../../integrations/ninjaone/ninja-adapter.js';

export const NINJA_TEST_HOST = 'https://eu.ninjarmm.test';
export const NINJA_TEST_ENV = { NINJA_CLIENT_SECRET: 'ninja-test-client-secret', NINJA_WEBHOOK_SECRET: 'ninja-test-webhook-secret' };

export function ninjaTestInstall(id = 'ninja-test', over: Partial<NinjaOneInstallation['ninjaone']> = {}, conditionUid?: (svc: string) => string): NinjaOneInstallation {
  return NinjaOneInstallation.parse({
    id,
    rmm: 'ninjaone',
    ninjaone: {
      baseUrl: NINJA_TEST_HOST,
      clientId: 'ninja-test-client',
      clientSecretEnv: 'NINJA_CLIENT_SECRET',
      webhookSecretEnv: 'NINJA_WEBHOOK_SECRET',
      scripts: { chocoInstall: 301, chocoUninstall: 302 },
      conditions: conditionUid ? ['Spooler', 'W32Time', 'ContosoLOB', 'FabrikamSync'].map((s) => ({ uid: conditionUid(s), category: 'service_stopped', serviceName: s })) : [],
      jobPollMs: 10,
      jobTimeoutMs: 200,
      ...over,
    },
  });
}

export function ninjaTestSetup(o: { sim?: Partial<NinjaOneSimulatorOptions>; install?: Partial<NinjaOneInstallation['ninjaone']>; now?: () => Date } = {}) {
  const sim: NinjaOneSimulator = createNinjaOneSimulator({ baseUrl: NINJA_TEST_HOST, clientId: 'ninja-test-client', clientSecret: NINJA_TEST_ENV.NINJA_CLIENT_SECRET, ...o.sim });
  const install = ninjaTestInstall('ninja-test', o.install, sim.conditionUid);
  const sleeps: number[] = [];
  // Unless the test drives time itself, a clock that only sleeping moves (job timeouts count polls, not machine load).
  let clock = Date.UTC(2026, 10, 26, 12);
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock += ms;
  };
  const adapter = createNinjaAdapter(install, { env: NINJA_TEST_ENV, log: createLogger({ level: 'silent' }), sleep, now: o.now ?? (() => new Date(clock)) });
  return { sim, install, adapter, sleeps, env: NINJA_TEST_ENV };
}
