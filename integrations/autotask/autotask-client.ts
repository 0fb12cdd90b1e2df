import { createHttpClient, type HttpClient, type HttpClientOptions, type RequestOptions } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { ThresholdInformation } from './api-schemas.js';
import { createBudgetGuard, sharedBudgetGuard, type BudgetGuard, type BudgetGuardOptions } from './budget-guard.js';
import { endpointOf, sharedLimiter, type EndpointLimiter } from './endpoint-limiter.js';
import type { AutotaskInstallation } from './installation-schema.js';
import { AUTOTASK_SYSTEM, discoverZone, type ZoneCache } from './zone-discovery.js';

export { AUTOTASK_SYSTEM };

export type AutotaskClientOptions = Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'sleep' | 'onAttempt'> & {
  /** Where the secret is read from (default process.env); read on every call so rotation needs no restart. */
  env?: Record<string, string | undefined>;
  zoneCache?: ZoneCache;
  /** Default: one per tracking identifier and zone, shared in this process. */
  limiter?: EndpointLimiter;
  /** Budget pacing; `false` turns it off (tests of other behaviour). */
  budget?: BudgetGuardOptions | false;
};

/** The installation's Autotask seam: an HttpClient whose base URL may be discovered on first use. */
export interface AutotaskClient extends HttpClient {
  /** The zone base URL (configured, or discovered through ZoneInformation and cached). */
  resolveBaseUrl(): Promise<string>;
  readonly budget: BudgetGuard | null;
}

/**
 * The one HTTP seam for an installation's Autotask REST v1.0 API (every call goes through
 * `createHttpClient`: timeouts, retry/back-off, Retry-After). On top of it:
 *  - auth headers `ApiIntegrationCode`, `UserName`, `Secret` (from the env var named in config;
 *    never logged); `ImpersonationResourceId` is added per call by the adapter for writes;
 *  - zone discovery through `ZoneInformation` when no baseUrl is configured (cached a day);
 *  - at most `threadsPerEndpoint` (3) concurrent calls per object endpoint, as Autotask allows;
 *  - a budget guard that reads `ThresholdInformation` now and then and spaces calls out past
 *    half of the hourly budget, before Autotask adds its own latency or refuses.
 */
export function createAutotaskClient(installation: AutotaskInstallation, options: AutotaskClientOptions = {}): AutotaskClient {
  const at = installation.autotask;
  const env = options.env ?? process.env;
  const secret = (): string => {
    const value = env[at.secretEnv];
    if (!value) throw new OutsideApiError(AUTOTASK_SYSTEM, 'authenticate', null, `environment variable ${at.secretEnv} is not set (installation '${installation.id}')`, false);
    return value;
  };
  const common = {
    system: AUTOTASK_SYSTEM,
    timeoutMs: options.timeoutMs ?? 20_000,
    maxRetries: options.maxRetries,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    sleep: options.sleep,
    onAttempt: options.onAttempt,
  };
  // The zone lookup needs no credentials, so none are sent to it.
  const lookup = createHttpClient({ ...common, baseUrl: at.zoneLookupUrl.replace(/\/ZoneInformation\/?$/i, ''), headers: () => ({}) });

  let resolved: string | null = at.baseUrl ? at.baseUrl.replace(/\/+$/, '') : null;
  let inner: HttpClient | null = null;
  let limiter: EndpointLimiter | null = options.limiter ?? null;

  async function resolveBaseUrl(): Promise<string> {
    resolved ??= await discoverZone({ lookup, lookupUrl: at.zoneLookupUrl, userName: at.apiUserName, cache: options.zoneCache });
    return resolved;
  }

  async function seam(): Promise<{ http: HttpClient; limiter: EndpointLimiter }> {
    const baseUrl = await resolveBaseUrl();
    inner ??= createHttpClient({
      ...common,
      baseUrl,
      headers: () => ({ ApiIntegrationCode: at.apiIntegrationCode, UserName: at.apiUserName, Secret: secret(), 'Content-Type': 'application/json' }),
    });
    limiter ??= sharedLimiter(at.apiIntegrationCode, baseUrl, at.threadsPerEndpoint);
    return { http: inner, limiter };
  }

  const readThreshold = async () => {
    const { http, limiter: l } = await seam();
    // GET /ThresholdInformation (ThresholdApiIntegration_QueryThresholdInformation)
    return l.run('ThresholdInformation', () => http.request({ method: 'GET', path: '/ThresholdInformation', operation: 'readThreshold', schema: ThresholdInformation }));
  };
  // One guard per installation in this process (the budget is the database's), unless a test
  // passes its own options.
  const budget = options.budget === false ? null : options.budget ? createBudgetGuard(readThreshold, options.budget) : sharedBudgetGuard(installation.id, readThreshold);

  async function request<T>(opts: RequestOptions<T>): Promise<T> {
    const { http, limiter: l } = await seam();
    const answered = await budget?.beforeRequest();
    try {
      return await l.run(endpointOf(opts.path), () => http.request(opts));
    } catch (err) {
      if (err instanceof OutsideApiError && err.status === 429) budget?.noteRefused();
      throw err;
    } finally {
      answered?.();
    }
  }

  return {
    request,
    system: AUTOTASK_SYSTEM,
    get baseUrl() {
      return resolved ?? '';
    },
    resolveBaseUrl,
    budget,
  };
}
