import { createHttpClient, type HttpClient, type RequestOptions } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { RmmRuntimeOptions } from '../rmm-integration.js';
import { createTokenCache } from '../rmm-token-cache.js';
import { accountLimiterFor, type AccountLimiter } from './account-limiter.js';
import { DattoTokenResponse } from './api-schemas.js';
import type { DattoInstallation } from './installation-schema.js';

/**
 * Datto RMM's one seam: the API-key token (`POST /auth/oauth/token`, Basic public-client:public,
 * form `grant_type=password&username=<key>&password=<secret>`, valid 100 h) cached and renewed
 * after a 401; every request (token, retries included) first takes a slot in the account's shared
 * window; 429 / Retry-After are the shared client's.
 */
export function createDattoClient(install: DattoInstallation, o: RmmRuntimeOptions & { limiter?: AccountLimiter }): Pick<HttpClient, 'request'> & { limiter: AccountLimiter } {
  const d = install.datto;
  const system = `datto:${install.id}`;
  const now = o.now ? () => o.now!().getTime() : Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const limiter = o.limiter ?? accountLimiterFor(d.apiUrl, o.env[d.apiKeyEnv] ?? install.id, d.requestsPerMinute, now, sleep);
  const transport = { timeoutMs: o.timeoutMs ?? 30_000, sleep: o.sleep, onAttempt: o.onAttempt };
  const auth = createHttpClient({
    ...transport,
    system: `${system}-auth`,
    baseUrl: d.apiUrl,
    headers: async () => {
      await limiter.acquire();
      return { Authorization: `Basic ${Buffer.from('public-client:public').toString('base64')}` };
    },
  });
  const tokens = createTokenCache(async () => {
    const key = o.env[d.apiKeyEnv];
    const secret = o.env[d.apiSecretEnv];
    if (!key || !secret) throw new OutsideApiError(`${system}-auth`, 'token', null, `environment variables ${d.apiKeyEnv} and ${d.apiSecretEnv} must be set`, false);
    const form = new URLSearchParams({ grant_type: 'password', username: key, password: secret });
    const r = await auth.request({ method: 'POST', path: '/auth/oauth/token', operation: 'token', body: form, schema: DattoTokenResponse, idempotent: true });
    return { accessToken: r.access_token, expiresInSeconds: r.expires_in };
  }, now);
  const api = createHttpClient({
    ...transport,
    system,
    baseUrl: d.apiUrl,
    headers: async () => {
      const token = await tokens.get();
      await limiter.acquire();
      return { Authorization: `Bearer ${token}` };
    },
  });
  return {
    limiter,
    async request<T>(opts: RequestOptions<T>): Promise<T> {
      try {
        return await api.request(opts);
      } catch (err) {
        if (!(err instanceof OutsideApiError) || err.status !== 401) throw err;
        tokens.invalidate();
        return api.request(opts);
      }
    },
  };
}
