import type { ConnectWiseInstallation } from '../../src/config/schema.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';

export const CONNECTWISE_SYSTEM = 'connectwise';

export type ConnectWiseClientOptions = Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'sleep' | 'onAttempt'> & {
  /** Where the API keys are read from (default process.env); read on every call so rotation needs no restart. */
  env?: Record<string, string | undefined>;
};

/**
 * The one HTTP seam for an installation's ConnectWise PSA REST 3.0 API.
 * Auth: `Authorization: Basic base64("{companyId}+{publicKey}:{privateKey}")` plus the vendor
 * `clientId` header (https://developer.connectwise.com/Products/Manage/Developer_Guide).
 * Keys come from the env vars named in config; their values never reach logs or errors.
 */
export function createConnectWiseClient(installation: ConnectWiseInstallation, options: ConnectWiseClientOptions = {}): HttpClient {
  const cw = installation.connectwise;
  const env = options.env ?? process.env;
  const secret = (name: string): string => {
    const value = env[name];
    if (!value) throw new OutsideApiError(CONNECTWISE_SYSTEM, 'authenticate', null, `environment variable ${name} is not set (installation '${installation.id}')`, false);
    return value;
  };
  return createHttpClient({
    system: CONNECTWISE_SYSTEM,
    baseUrl: cw.baseUrl,
    timeoutMs: options.timeoutMs ?? 20_000,
    maxRetries: options.maxRetries,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    sleep: options.sleep,
    onAttempt: options.onAttempt,
    headers: () => ({
      Authorization: `Basic ${Buffer.from(`${cw.companyId}+${secret(cw.publicKeyEnv)}:${secret(cw.privateKeyEnv)}`).toString('base64')}`,
      clientId: cw.clientId,
    }),
  });
}
