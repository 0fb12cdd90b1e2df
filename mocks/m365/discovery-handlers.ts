import { http, HttpResponse, type RequestHandler } from 'msw';
import { aadError } from './aad-error.js';
import { pathOf, served, type SimContext } from './sim-context.js';

/** The authority root as the caller addressed it (works for `*`-origin patterns too). */
function authorityRoot(request: Request, marker: string): string {
  const url = new URL(request.url);
  return url.origin + url.pathname.slice(0, url.pathname.lastIndexOf(marker));
}

/**
 * The instance-discovery and OpenID documents. msal-node has login.microsoftonline.com's
 * metadata built in and skips these there; other https authorities (a sovereign cloud, or a
 * test host listed in knownAuthorities) are discovered over the network.
 */
export function discoveryHandlers(ctx: SimContext, base: string): RequestHandler[] {
  return [
    http.get(`${base}/common/discovery/instance`, ({ request }) =>
      served(ctx, { system: 'login', tenantId: null, method: 'GET', path: pathOf(request) }, () => {
        const root = authorityRoot(request, '/common/discovery/instance');
        const host = new URL(root).host;
        return HttpResponse.json({
          tenant_discovery_endpoint: `${root}/{tenant}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        });
      }),
    ),
    http.get(`${base}/:tenantId/v2.0/.well-known/openid-configuration`, ({ request, params }) => {
      const tenantId = String(params.tenantId);
      return served(ctx, { system: 'login', tenantId, method: 'GET', path: pathOf(request) }, () => {
        if (!ctx.state.has(tenantId)) return aadError(400, 'invalid_tenant', 90002, `Tenant '${tenantId}' not found.`);
        const root = `${authorityRoot(request, `/${tenantId}/v2.0/.well-known`)}/${tenantId}`;
        return HttpResponse.json({
          token_endpoint: `${root}/oauth2/v2.0/token`,
          authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${root}/oauth2/v2.0/logout`,
          jwks_uri: `${root}/discovery/v2.0/keys`,
          issuer: `${root}/v2.0`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          tenant_region_scope: 'EU',
        });
      });
    }),
  ];
}
