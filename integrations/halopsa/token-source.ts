import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { HaloAuthInfo, HaloTokenResponse } from './api-schemas.js';
import type { HaloInstallation } from './installation-schema.js';

export const HALO_AUTH_SYSTEM = 'halopsa-auth';

/** Renew this long before expiry, or at half-life for short-lived tokens. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface HaloGrant {
  accessToken: string;
  expiresAt: number;
  /** Permissions the token carries, when the token response listed them; null when it did not. */
  scopes: string[] | null;
}

export interface HaloTokenSource {
  /** The authorisation server and tenant, from config or GET /api/AuthInfo (asked once). */
  discover(): Promise<{ authUrl: string; tenant?: string }>;
  /** A cached token, fetched (once, for concurrent callers) when missing or close to expiry. */
  grant(options?: { forceRefresh?: boolean }): Promise<HaloGrant>;
  /** The next grant() fetches a new token (after a 401 on a token we thought valid). */
  invalidate(): void;
}

export interface HaloTokenSourceOptions extends Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxRetryAfterMs' | 'sleep' | 'onAttempt'> {
  installation: HaloInstallation;
  env: Record<string, string | undefined>;
  /** The resource-server seam: AuthInfo is asked there, without a token. */
  api: HttpClient;
  now?: () => number;
}

/**
 * OAuth2 client credentials against Halo's authorisation server: the token URL is
 * `{auth_url}/token?tenant={tenant}` with `auth_url` from GET /api/AuthInfo (fallback
 * `{instance}/auth`), form `grant_type=client_credentials&client_id&client_secret&scope`
 * (homotechsual/HaloAPI Connect-HaloAPI.ps1). The secret is read from the env var named in
 * config on each fetch and never appears in errors or logs.
 */
export function createHaloTokenSource(o: HaloTokenSourceOptions): HaloTokenSource {
  const halo = o.installation.halopsa;
  const now = o.now ?? Date.now;
  let discovery: Promise<{ authUrl: string; tenant?: string }> | null = null;
  let auth: HttpClient | null = null;
  let cached: (HaloGrant & { renewAt: number }) | null = null;
  let inFlight: Promise<HaloGrant> | null = null;

  function discover() {
    if (!discovery) {
      discovery = (async () => {
        if (halo.authUrl) return { authUrl: halo.authUrl.replace(/\/$/, ''), tenant: halo.tenant };
        // GET /api/AuthInfo (AuthInfo in the v2 spec): where tokens come from, and the tenant.
        const info = await o.api.request({ method: 'GET', path: '/AuthInfo', operation: 'discoverAuthServer', schema: HaloAuthInfo, headers: {} });
        const fallback = halo.baseUrl.replace(/\/api\/?$/, '/auth');
        return { authUrl: (info.auth_url || fallback).replace(/\/$/, ''), tenant: halo.tenant ?? (info.tenant_id || undefined) };
      })();
      // A failed discovery is asked again next time.
      discovery.catch(() => (discovery = null));
    }
    return discovery;
  }

  async function fetchGrant(): Promise<HaloGrant> {
    const secret = o.env[halo.clientSecretEnv];
    if (!secret) throw new OutsideApiError(HALO_AUTH_SYSTEM, 'authenticate', null, `environment variable ${halo.clientSecretEnv} is not set (installation '${o.installation.id}')`, false);
    const { authUrl, tenant } = await discover();
    auth ??= createHttpClient({ ...o, system: HALO_AUTH_SYSTEM, baseUrl: authUrl, headers: () => ({}) });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: halo.clientId, client_secret: secret, scope: halo.scope });
    let res;
    try {
      // POST {auth_url}/token?tenant=…; asking for a token twice has no side effect.
      res = await auth.request({ method: 'POST', path: '/token', operation: 'token', query: { tenant }, body: form, schema: HaloTokenResponse, idempotent: true });
    } catch (err) {
      if (err instanceof OutsideApiError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new OutsideApiError(HALO_AUTH_SYSTEM, 'token', null, message.split(secret).join('[redacted]'), true);
    }
    const issued = now();
    const lifetimeMs = res.expires_in * 1000;
    const grant = { accessToken: res.access_token, expiresAt: issued + lifetimeMs, scopes: res.scope ? res.scope.split(/\s+/).filter(Boolean) : null };
    cached = { ...grant, renewAt: issued + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2) };
    return grant;
  }

  return {
    discover,
    async grant({ forceRefresh = false } = {}) {
      if (!forceRefresh && cached && now() < cached.renewAt) return cached;
      inFlight ??= fetchGrant().finally(() => (inFlight = null));
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
  };
}
