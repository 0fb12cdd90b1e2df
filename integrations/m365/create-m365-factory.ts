import type { M365Config } from '../../src/config/schema.js';
import { createHttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import { tenantBearer } from './bearer.js';
import { readClientSecret } from './client-secret.js';
import { createExchangeAdmin } from './exchange-admin.js';
import { createGraphUsers } from './graph-users.js';
import { createGraphDirectory } from './graph-directory.js';
import { assertTenantId } from './tenant-id.js';
import { createTokenSource } from './create-token-source.js';
import type { TokenSource } from './token-source.js';
import type { M365Factory, TenantM365 } from './types.js';

export interface M365FactoryOptions extends Pick<HttpClientOptions, 'sleep' | 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'> {
  /** Observes every HTTP attempt to login, Graph and Exchange (metrics, tests). */
  onAttempt?: (info: { system: 'm365-login' | 'graph' | 'exchange'; tenantId: string | null; method: string; path: string; status: number | null; ms: number }) => void;
  /** Exchange's `@adminapi.warnings` (e.g. "no settings … have been modified"). */
  onExchangeWarnings?: (info: { tenantId: string; cmdlet: string; warnings: string[] }) => void;
  /** Replaces token acquisition (tests of callers); default: msal-node or the direct POST. */
  tokenSource?: TokenSource;
  /** Clock for the direct token path's cache. */
  now?: () => number;
}

/**
 * Builds tenant-bound Microsoft 365 access. The engine calls the returned factory with the
 * tenant from the client mapping in config; everything it hands out can address that tenant
 * only (Exchange URL and tokens are fixed at construction). One instance per tenant, cached.
 */
export function createM365Factory(config: M365Config, env: Readonly<Record<string, string | undefined>>, options: M365FactoryOptions = {}): M365Factory {
  const { onAttempt, onExchangeWarnings, tokenSource, now, ...transport } = options;
  const tokens =
    tokenSource ??
    createTokenSource(
      { clientId: config.appClientId, clientSecret: readClientSecret(config, env), authorityHost: config.authorityHost.replace(/\/$/, '') },
      { ...transport, now, onAttempt: onAttempt && ((a) => onAttempt({ ...a, system: 'm365-login', tenantId: null })) },
    );
  const cache = new Map<string, TenantM365>();

  function build(tenantId: string): TenantM365 {
    const seam = (system: 'graph' | 'exchange', baseUrl: string, header: () => Promise<string>) =>
      createHttpClient({
        ...transport,
        system,
        baseUrl,
        headers: async () => ({ Authorization: await header() }),
        onAttempt: onAttempt && ((a) => onAttempt({ ...a, system, tenantId })),
      });
    const graphBearer = tenantBearer(tokens, tenantId, 'graph');
    const exchangeBearer = tenantBearer(tokens, tenantId, 'exchange');
    const graphHttp = seam('graph', config.graphBaseUrl.replace(/\/$/, ''), graphBearer.header);
    // The SSPR-writeback reset exists on beta only; same host, same token.
    const graphBeta = seam('graph', config.graphBaseUrl.replace(/\/$/, '').replace(/\/v1\.0$/, '/beta'), graphBearer.header);
    const exchangeHttp = seam('exchange', `${config.exchangeBaseUrl.replace(/\/$/, '')}/${encodeURIComponent(tenantId)}`, exchangeBearer.header);
    return Object.freeze({
      tenantId,
      graph: createGraphUsers(graphHttp, graphBearer),
      directory: createGraphDirectory(graphHttp, graphBeta, graphBearer),
      exchange: createExchangeAdmin({
        tenantId,
        http: exchangeHttp,
        bearer: exchangeBearer,
        onWarnings: onExchangeWarnings && ((cmdlet, warnings) => onExchangeWarnings({ tenantId, cmdlet, warnings })),
      }),
    });
  }

  return (tenantId: string) => {
    assertTenantId(tenantId);
    const key = tenantId.toLowerCase();
    let access = cache.get(key);
    if (!access) cache.set(key, (access = build(tenantId)));
    return access;
  };
}
