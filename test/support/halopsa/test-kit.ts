import { newSpecCheckedSimulator } from '../../../mocks/halopsa/conformance-kit.js';
import type { HaloSimulator, HaloSimulatorOptions } from '../../../mocks/halopsa/simulator.js';
import { sampleHaloApp } from '../../../mocks/halopsa/simulator.js';
import { HALO_TEST_AGENT_ID, HALO_TEST_BASE, HALO_TEST_TENANT } from '../../../mocks/halopsa/test-kit.js';
import { createHaloClient, type HaloClientOptions } from '../../../integrations/halopsa/halo-client.js';
import { HaloInstallation } from '../../../integrations/halopsa/installation-schema.js';
import { createTenantLimiter } from '../../../integrations/halopsa/tenant-limiter.js';

export const HALO_TEST_WEBHOOK_URL = 'https://ticketfix.example/webhooks/halopsa/acme';

/**
 * A spec-checked simulator on the fake cloud base plus a matching installation and env (secrets
 * by name). Every request the integration sends is checked against the HaloPSA v2 OpenAPI
 * description; a violation answers 400 and lands in `sim.state.specViolations`.
 */
export function haloTestSetup(o: { id?: string; scopes?: string[]; sim?: Partial<HaloSimulatorOptions>; install?: Record<string, unknown> } = {}) {
  const app = sampleHaloApp({ scopes: o.scopes ?? ['all'] });
  const sim: HaloSimulator = newSpecCheckedSimulator({ app, agentId: HALO_TEST_AGENT_ID, ...o.sim });
  const id = o.id ?? 'acme';
  const envName = id.toUpperCase().replace(/-/g, '_');
  const env = { [`HALO_${envName}_SECRET`]: app.clientSecret, [`HALO_${envName}_WEBHOOK_PASSWORD`]: `hook-password-${id}` };
  const installation = HaloInstallation.parse({
    id,
    psa: 'halopsa',
    halopsa: {
      baseUrl: HALO_TEST_BASE,
      tenant: HALO_TEST_TENANT,
      clientId: app.clientId,
      clientSecretEnv: `HALO_${envName}_SECRET`,
      webhookUsername: `ticketfix-${id}`,
      webhookPasswordEnv: `HALO_${envName}_WEBHOOK_PASSWORD`,
      // Tests run far faster than Halo's budget; the limiter tests set their own.
      rateLimit: { requestsPerSecond: 1000, burst: 1000 },
      ...o.install,
    },
  });
  const waits: number[] = [];
  const clientOptions: HaloClientOptions = {
    env,
    sleep: async (ms) => void waits.push(ms),
    timeoutMs: 2_000,
    // A private limiter per setup, so tests never share a tenant budget through the registry.
    limiter: createTenantLimiter(installation.halopsa.rateLimit),
  };
  const client = (extra: HaloClientOptions = {}) => createHaloClient(installation, { ...clientOptions, ...extra });
  const kvStore = new Map<string, unknown>();
  const kv = {
    getKv: async <T>(key: string) => (kvStore.get(key) ?? null) as T | null,
    setKv: async (key: string, value: unknown) => void (value === null ? kvStore.delete(key) : kvStore.set(key, value)),
  };
  return { sim, app, env, installation, waits, clientOptions, client, kv, kvStore };
}

export type HaloTestSetup = ReturnType<typeof haloTestSetup>;
