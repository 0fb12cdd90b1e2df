import { createHttpClient, type HttpClient, type HttpClientOptions, type RequestOptions } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { HaloInstallation } from './installation-schema.js';
import { tenantLimiterFor, type TenantLimiter } from './tenant-limiter.js';
import { createHaloTokenSource, HALO_AUTH_SYSTEM, type HaloTokenSource } from './token-source.js';

export const HALO_SYSTEM = 'halopsa';

type AttemptInfo = Parameters<NonNullable<HttpClientOptions['onAttempt']>>[0];

export type HaloClientOptions = Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'sleep'> & {
  /** Where the client secret is read from (default process.env), on each token fetch. */
  env?: Record<string, string | undefined>;
  /** Observes every attempt; Halo attempts carry `system: 'halopsa' | 'halopsa-auth'`. */
  onAttempt?: (info: AttemptInfo & { system?: string }) => void;
  /** Default: the process-wide limiter of this tenant (see tenantLimiterFor). */
  limiter?: TenantLimiter;
  /** Default: a new token source (share one to share the cached token). */
  tokens?: HaloTokenSource;
  now?: () => number;
};

export interface HaloClient {
  readonly installation: HaloInstallation;
  readonly tokens: HaloTokenSource;
  /** A resource-server call with a bearer token; a 401 on a cached token fetches a new one and tries once more. */
  request<T = unknown>(opts: RequestOptions<T>): Promise<T>;
  /** The underlying seam, for the unauthenticated AuthInfo call. */
  readonly api: HttpClient;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The HTTP seam for one installation's HaloPSA: every resource-server call goes through one
 * `createHttpClient` (retries, back-off, Retry-After, zod) and waits on the tenant's limiter
 * first (Halo allows ≈1.5 requests/s per tenant). A retry wait pauses the whole tenant, so a
 * 429's Retry-After holds back every caller, not only the one that was refused. The OAuth
 * token endpoint lives on the discovered authorisation server and has its own client
 * (system 'halopsa-auth'), as m365-login does for Microsoft 365.
 */
export function createHaloClient(installation: HaloInstallation, options: HaloClientOptions = {}): HaloClient {
  const halo = installation.halopsa;
  const limiter = options.limiter ?? tenantLimiterFor({ baseUrl: halo.baseUrl, tenant: halo.tenant }, halo.rateLimit);
  const baseSleep = options.sleep ?? realSleep;
  const transport = {
    timeoutMs: options.timeoutMs ?? 20_000,
    maxRetries: options.maxRetries,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
  };
  const api = createHttpClient({
    ...transport,
    system: HALO_SYSTEM,
    baseUrl: halo.baseUrl,
    // Called before every attempt, retries included: this is where the tenant's budget is spent.
    headers: async () => {
      await limiter.acquire();
      return {};
    },
    sleep: async (ms) => {
      limiter.pauseFor(ms);
      await baseSleep(ms);
    },
    onAttempt: options.onAttempt && ((a) => options.onAttempt?.({ ...a, system: HALO_SYSTEM })),
  });
  const tokens =
    options.tokens ??
    createHaloTokenSource({
      ...transport,
      installation,
      env: options.env ?? process.env,
      api,
      sleep: options.sleep,
      now: options.now,
      onAttempt: options.onAttempt && ((a) => options.onAttempt?.({ ...a, system: HALO_AUTH_SYSTEM })),
    });

  async function call<T>(opts: RequestOptions<T>): Promise<T> {
    const { accessToken } = await tokens.grant();
    try {
      return await api.request({ ...opts, headers: { ...opts.headers, Authorization: `Bearer ${accessToken}` } });
    } catch (err) {
      // A Retry-After too long to wait out in-process still holds the tenant back.
      if (err instanceof OutsideApiError && err.status === 429 && err.retryAfterMs) limiter.pauseFor(err.retryAfterMs);
      throw err;
    }
  }

  return {
    installation,
    tokens,
    api,
    async request(opts) {
      try {
        return await call(opts);
      } catch (err) {
        // A 401 means the request was refused before anything happened, so repeating it is safe.
        if (!(err instanceof OutsideApiError) || err.status !== 401 || err.system !== HALO_SYSTEM) throw err;
        tokens.invalidate();
        return call(opts);
      }
    },
  };
}
