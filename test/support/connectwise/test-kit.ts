import { ConnectWiseInstallation } from '../../../src/config/schema.js';
import { createConnectWiseSimulator, sampleCredentials, type ConnectWiseSimulator } from '../../../mocks/connectwise/simulator.js';
import { CW_TEST_BASE, CW_TEST_MEMBER } from '../../../mocks/connectwise/test-kit.js';
import { createConnectWiseClient, type ConnectWiseClientOptions } from '../../../integrations/connectwise/connectwise-client.js';

/** A simulator on the fake cloud base plus a matching installation and env (keys by name). */
export function connectWiseTestSetup(overrides: { keyHosts?: string[]; baseUrl?: string } = {}) {
  const credentials = sampleCredentials();
  const baseUrl = overrides.baseUrl ?? CW_TEST_BASE;
  const sim: ConnectWiseSimulator = createConnectWiseSimulator({ baseUrl, credentials, memberIdentifier: CW_TEST_MEMBER });
  const env = { CW_ACME_PUBLIC_KEY: credentials.publicKey, CW_ACME_PRIVATE_KEY: credentials.privateKey };
  const installation = ConnectWiseInstallation.parse({
    id: 'acme',
    psa: 'connectwise',
    connectwise: {
      baseUrl,
      companyId: credentials.companyId,
      clientId: credentials.clientId,
      publicKeyEnv: 'CW_ACME_PUBLIC_KEY',
      privateKeyEnv: 'CW_ACME_PRIVATE_KEY',
      memberIdentifier: CW_TEST_MEMBER,
      keyHosts: overrides.keyHosts ?? [],
    },
  });
  const waits: number[] = [];
  const clientOptions: ConnectWiseClientOptions = { env, sleep: async (ms) => void waits.push(ms), timeoutMs: 2_000 };
  const client = (extra: ConnectWiseClientOptions = {}) => createConnectWiseClient(installation, { ...clientOptions, ...extra });
  return { sim, credentials, env, installation, waits, clientOptions, client };
}
