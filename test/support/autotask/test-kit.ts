import { AT_TEST_BASE, newTestSimulator } from '../../../mocks/autotask/test-kit.js';
import { TECHNICIAN_RESOURCE_ID } from '../../../mocks/autotask/seed-state.js';
import { sampleCredentials, type AutotaskSimulator, type AutotaskSimulatorOptions } from '../../../mocks/autotask/simulator.js';
import { createLogger } from '../../../src/log.js';
import type { PsaRuntimeOptions } from '../../../integrations/psa-integration.js';
import { createAutotaskClient, type AutotaskClientOptions } from '../../../integrations/autotask/autotask-client.js';
import { createEndpointLimiter } from '../../../integrations/autotask/endpoint-limiter.js';
import { AutotaskInstallation } from '../../../integrations/autotask/installation-schema.js';
import { createZoneCache } from '../../../integrations/autotask/zone-discovery.js';

export const AT_WEBHOOK_SECRET = 'whsec-acme-0123456789abcdef';

/** The store's key/value part, in memory (values copied like a real store would serialise them). */
export function memoryKv() {
  const map = new Map<string, unknown>();
  return {
    map,
    getKv: async <T = unknown>(key: string) => (map.has(key) ? (structuredClone(map.get(key)) as T) : null),
    setKv: async (key: string, value: unknown) => void map.set(key, structuredClone(value)),
  };
}

export interface AutotaskTestSetupOptions {
  /** null: no baseUrl in config, so the client discovers the zone. */
  baseUrl?: string | null;
  sim?: Partial<AutotaskSimulatorOptions>;
  autotask?: Partial<AutotaskInstallation['autotask']>;
}

/**
 * A simulator on the fake zone-5 base (every request checked against the real Autotask spec)
 * plus a matching installation, env (secrets by name), store and client options. Retries do
 * not really sleep; the budget guard is off unless a test turns it on.
 */
export function autotaskTestSetup(o: AutotaskTestSetupOptions = {}) {
  const credentials = sampleCredentials();
  const sim: AutotaskSimulator = newTestSimulator({ credentials, ...o.sim });
  const env: Record<string, string> = { AT_ACME_SECRET: credentials.secret, AT_ACME_WEBHOOK_SECRET: AT_WEBHOOK_SECRET };
  const installation = AutotaskInstallation.parse({
    id: 'acme',
    psa: 'autotask',
    autotask: {
      ...(o.baseUrl === null ? {} : { baseUrl: o.baseUrl ?? AT_TEST_BASE }),
      apiUserName: credentials.userName,
      apiIntegrationCode: credentials.integrationCode,
      secretEnv: 'AT_ACME_SECRET',
      impersonationResourceId: TECHNICIAN_RESOURCE_ID,
      webhookSecretEnv: 'AT_ACME_WEBHOOK_SECRET',
      ...o.autotask,
    },
  });
  const kv = memoryKv();
  const waits: number[] = [];
  const clientOptions: AutotaskClientOptions = {
    env,
    sleep: async (ms) => void waits.push(ms),
    timeoutMs: 2_000,
    zoneCache: createZoneCache(),
    limiter: createEndpointLimiter(installation.autotask.threadsPerEndpoint),
    budget: false,
  };
  const client = (extra: AutotaskClientOptions = {}) => createAutotaskClient(installation, { ...clientOptions, ...extra });
  const runtime = (extra: Partial<PsaRuntimeOptions> = {}): PsaRuntimeOptions => ({ env, log: createLogger(), kv, ...extra });
  return { sim, credentials, env, installation, kv, waits, clientOptions, client, runtime };
}
