import { randomUUID } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { findUser, type SimUser } from './m365-sim-state.js';
import { pathOf, served, type SimContext } from './sim-context.js';
import { AUDIENCES } from './sim-tokens.js';
import { graphDirectoryHandlers } from './graph-directory-handlers.js';

export function graphError(status: number, code: string, message: string): Response {
  return HttpResponse.json(
    { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } },
    { status },
  );
}

/** Graph's v1.0 user properties this simulator knows, with the default set returned without $select. */
function userProperties(u: SimUser): Record<string, unknown> {
  const [givenName, ...rest] = u.displayName.split(' ');
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: givenName ?? null,
    jobTitle: null,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-GB',
    surname: rest.join(' ') || null,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
    // Returned only on $select, as on the real service.
    accountEnabled: u.accountEnabled,
    onPremisesSyncEnabled: u.onPremisesSyncEnabled,
    lastPasswordChangeDateTime: u.lastPasswordChangeDateTime,
  };
}
const DEFAULT_PROPERTIES = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

function selectUser(u: SimUser, select: string | null, contextBase: string): Response {
  const all = userProperties(u);
  const known = Object.keys(all);
  const wanted = select ? select.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_PROPERTIES;
  const body: Record<string, unknown> = {};
  for (const name of wanted) {
    const canonical = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!canonical) return graphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.user'.`);
    body[canonical] = all[canonical];
  }
  const context = select ? `${contextBase}/$metadata#users(${wanted.join(',')})/$entity` : `${contextBase}/$metadata#users/$entity`;
  return HttpResponse.json({ '@odata.context': context, ...body });
}

/**
 * Graph `GET /users/{id|userPrincipalName}`. The URL names no tenant: the user is looked up in
 * the directory of the tenant the bearer token was issued for, and nowhere else.
 */
export function graphHandlers(ctx: SimContext, graphBase: string): RequestHandler[] {
  const base = graphBase.replace(/\/$/, '');
  return [
    http.get(`${base}/users/:idOrUpn`, ({ request, params }) => {
      const auth = ctx.tokens.check(request.headers.get('authorization'));
      const tenantId = auth.ok ? auth.claims.tid : null;
      return served(ctx, { system: 'graph', tenantId, method: 'GET', path: pathOf(request), identity: String(params.idOrUpn) }, () => {
        if (!auth.ok) {
          const message = auth.reason === 'missing' ? 'Access token is empty.' : auth.reason === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure. Invalid signature.';
          return graphError(401, 'InvalidAuthenticationToken', message);
        }
        if (auth.claims.aud !== AUDIENCES.graph) return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
        const id = String(params.idOrUpn);
        const user = findUser(ctx.state.get(auth.claims.tid), id);
        if (!user || (user.id !== id.toLowerCase() && user.userPrincipalName.toLowerCase() !== id.toLowerCase())) {
          return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
        }
        const url = new URL(request.url);
        const contextBase = url.origin + url.pathname.slice(0, url.pathname.lastIndexOf('/users/'));
        return selectUser(user, url.searchParams.get('$select'), contextBase);
      });
    }),
    ...graphDirectoryHandlers(ctx, base),
  ];
}
