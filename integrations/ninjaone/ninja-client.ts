import { createHttpClient, type HttpClient, type RequestOptions } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { RmmRuntimeOptions } from '../rmm-integration.js';
import { createTokenCache } from '../rmm-token-cache.js';
import { NinjaTokenResponse } from './api-schemas.js';
import type { NinjaOneInstallation } from './installation-schema.js';

/**
 * NinjaOne's one seam: client-credentials token (`POST /ws/oauth/token`, form) cached until near
 * expiry, `Authorization: Bearer` on every /v2 call, and one renewal + retry after a 401 (a token
 * revoked or expired early). Retries, back-off and Retry-After are the shared client's.
 */
export function createNinjaClient(install: NinjaOneInstallation, o: RmmRuntimeOptions): Pick<HttpClient, 'request'> {
  const n = install.ninjaone;
  const system = `ninjaone:${install.id}`;
  const transport = { timeoutMs: o.timeoutMs ?? 30_000, sleep: o.sleep, onAttempt: o.onAttempt };
  const auth = createHttpClient({ ...transport, system: `${system}-auth`, baseUrl: n.baseUrl, headers: () => ({}) });
  const tokens = createTokenCache(async () => {
    const secret = o.env[n.clientSecretEnv];
    if (!secret) throw new OutsideApiError(`${system}-auth`, 'token', null, `environment variable ${n.clientSecretEnv} is not set`, false);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: n.clientId, client_secret: secret, scope: n.scope });
    // Asking for a token twice has no side effect.
    const r = await auth.request({ method: 'POST', path: '/ws/oauth/token', operation: 'token', body: form, schema: NinjaTokenResponse, idempotent: true });
    return { accessToken: r.access_token, expiresInSeconds: r.expires_in };
  }, o.now ? () => o.now!().getTime() : undefined);
  const api = createHttpClient({ ...transport, system, baseUrl: n.baseUrl, headers: async () => ({ Authorization: `Bearer ${await tokens.get()}` }) });
  return {
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
