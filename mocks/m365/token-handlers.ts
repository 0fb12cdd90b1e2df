import { http, HttpResponse, type RequestHandler } from 'msw';
import { aadError } from './aad-error.js';
import { discoveryHandlers } from './discovery-handlers.js';
import { pathOf, served, type SimContext } from './sim-context.js';
import { AUDIENCES, type SimAudience } from './sim-tokens.js';

/** Scopes an OIDC-aware library may add; they name no resource and are ignored here. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

const missing = (name: string) => aadError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);

/** Client-credentials token issuance, checked the way Entra ID checks it. */
function issueToken(ctx: SimContext, tenantId: string, form: URLSearchParams): Response {
  const tenant = ctx.state.get(tenantId);
  if (!tenant) {
    return aadError(400, 'invalid_request', 90002, `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const grant = form.get('grant_type');
  if (!grant) return missing('grant_type');
  if (grant !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type. This simulator issues client_credentials tokens only.');
  const clientId = form.get('client_id');
  if (!clientId) return missing('client_id');
  if (clientId !== ctx.app.clientId || ctx.unconsented.has(tenantId)) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  }
  const secret = form.get('client_secret');
  if (!secret) return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (secret !== ctx.app.clientSecret) {
    return aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s && !OIDC_SCOPES.has(s));
  if (scopes.length === 0) return missing('scope');
  const scope = scopes[0] ?? '';
  if (scopes.length > 1 || !scope.endsWith('/.default')) {
    return aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const resource = scope.slice(0, -'/.default'.length);
  const audience = (Object.keys(AUDIENCES) as SimAudience[]).find((a) => AUDIENCES[a] === resource);
  if (!audience) {
    return aadError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant.domain}. This can happen if the application has not been installed by the administrator of the tenant.`);
  }
  const { token, expiresIn } = ctx.tokens.issue(tenantId, clientId, audience);
  return HttpResponse.json({ token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
}

/** The v2.0 token endpoint (client credentials) plus the discovery documents. */
export function tokenHandlers(ctx: SimContext, authority: string): RequestHandler[] {
  const base = authority.replace(/\/$/, '');
  return [
    http.post(`${base}/:tenantId/oauth2/v2.0/token`, async ({ request, params }) => {
      const tenantId = String(params.tenantId);
      return served(ctx, { system: 'login', tenantId, method: 'POST', path: pathOf(request) }, async () => issueToken(ctx, tenantId, new URLSearchParams(await request.text())));
    }),
    ...discoveryHandlers(ctx, base),
  ];
}
