import { z } from 'zod';
import { createHttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { withoutSecret } from './client-secret.js';
import { assertTenantId } from './tenant-id.js';
import { RESOURCE_SCOPES, type M365Resource, type TokenSource } from './token-source.js';

const TokenResponse = z.object({
  access_token: z.string().min(1),
  // v1 endpoints sent this as a string; accept both.
  expires_in: z.coerce.number().int().positive(),
  token_type: z.string(),
});

export interface ClientCredentialsOptions extends Pick<HttpClientOptions, 'sleep' | 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxRetryAfterMs' | 'onAttempt'> {
  clientId: string;
  clientSecret: string;
  /** e.g. http://127.0.0.1:4010/sim/login; the tenant is appended per request. */
  authorityHost: string;
  now?: () => number;
}

/** Renew this long before expiry (msal's default), or at half-life for short-lived tokens. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * A plain OAuth2 client-credentials POST to `{authority}/{tenant}/oauth2/v2.0/token` through
 * the HTTP seam. msal-node refuses non-https authorities, and the sandbox serves its
 * simulators over http on 127.0.0.1, so this path serves exactly that case.
 */
export function createClientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  const now = options.now ?? Date.now;
  const http = createHttpClient({ ...options, system: 'm365-login', baseUrl: options.authorityHost, headers: () => ({}) });
  const cache = new Map<string, { token: string; renewAt: number; expiresAt: number }>();
  const inFlight = new Map<string, Promise<string>>();

  async function fetchToken(tenantId: string, resource: M365Resource, key: string): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope: RESOURCE_SCOPES[resource] });
    try {
      const res = await http.request({
        method: 'POST',
        path: `/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`,
        operation: `token (${resource}) for tenant ${tenantId}`,
        body: form,
        schema: TokenResponse,
        // Asking for a token twice has no side effect.
        idempotent: true,
      });
      const lifetimeMs = res.expires_in * 1000;
      const issued = now();
      cache.set(key, { token: res.access_token, expiresAt: issued + lifetimeMs, renewAt: issued + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2) });
      return res.access_token;
    } catch (err) {
      if (err instanceof OutsideApiError) throw err;
      throw new Error(withoutSecret(err instanceof Error ? err.message : String(err), options.clientSecret));
    }
  }

  return {
    async getToken(tenantId, resource, { forceRefresh = false } = {}) {
      assertTenantId(tenantId);
      const key = `${tenantId.toLowerCase()}|${resource}`;
      const cached = cache.get(key);
      if (!forceRefresh && cached && now() < cached.renewAt) return cached.token;
      // Concurrent callers for the same tenant and resource share one request.
      const pending = inFlight.get(key);
      if (pending) return pending;
      const request = fetchToken(tenantId, resource, key).finally(() => inFlight.delete(key));
      inFlight.set(key, request);
      return request;
    },
  };
}
