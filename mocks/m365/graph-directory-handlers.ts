import { createHash } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { graphError } from './graph-handlers.js';
import { findUser, type SimGroup, type SimTenant, type SimUser } from './m365-sim-state.js';
import { groupJson, isTransitiveMember, membershipsOf, pageOf } from './graph-memberships.js';
import { pathOf, served, type SimContext } from './sim-context.js';
import { AUDIENCES } from './sim-tokens.js';

/** The SSPR password method's fixed id (the only password method a user has). */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

type Authed = (tenant: SimTenant, request: Request) => Promise<Response> | Response;

/** Token check as Graph does it; the tenant is the token's, never the URL's. */
function withGraphAuth(ctx: SimContext, request: Request, identity: string | undefined, serve: Authed): Promise<Response> {
  const auth = ctx.tokens.check(request.headers.get('authorization'));
  const tenantId = auth.ok ? auth.claims.tid : null;
  return served(ctx, { system: 'graph', tenantId, method: request.method, path: pathOf(request), identity }, () => {
    if (!auth.ok) return graphError(401, 'InvalidAuthenticationToken', auth.reason === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure. Invalid signature.');
    if (auth.claims.aud !== AUDIENCES.graph) return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    const tenant = ctx.state.get(auth.claims.tid);
    if (!tenant) return graphError(401, 'InvalidAuthenticationToken', 'Unknown tenant.');
    return serve(tenant, request);
  });
}

/** A write through the scripted faults: refused before applying, or applied with the answer lost. */
function write(ctx: SimContext, serve: Authed): Authed {
  return async (tenant, request) => {
    const fault = ctx.faults.takeGraphWriteFault();
    if (!fault) return serve(tenant, request);
    if (fault.afterApply) await serve(tenant, request);
    return fault.response;
  };
}

const noUser = (id: string) => graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
const userById = (tenant: SimTenant, id: string): SimUser | undefined => {
  const u = findUser(tenant, id);
  return u && (u.id === id.toLowerCase() || u.userPrincipalName.toLowerCase() === id.toLowerCase()) ? u : undefined;
};
const groupById = (tenant: SimTenant, id: string): SimGroup | undefined => tenant.groups.get(id.toLowerCase());

async function jsonBody(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = JSON.parse(await request.text());
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Entra's complexity rule: 8+ characters and three of upper, lower, digit, symbol. */
function complexEnough(pw: string): boolean {
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  return pw.length >= 8 && pw.length <= 256 && classes >= 3;
}

function setPassword(u: SimUser, pw: string): void {
  u.passwordSha256 = createHash('sha256').update(pw).digest('hex');
  // Graph's timestamps have second precision; a reset within the same second must still move it.
  const now = Math.max(Date.now(), Date.parse(u.lastPasswordChangeDateTime) + 1000);
  u.lastPasswordChangeDateTime = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The Graph directory calls the M365 remediations use: password reset (PATCH passwordProfile,
 * and the beta SSPR-writeback method for synced users), memberOf, group lookup, membership
 * add/remove by `$ref`, and checkMemberGroups, with Graph's own error codes and messages.
 */
export function graphDirectoryHandlers(ctx: SimContext, base: string): RequestHandler[] {
  const beta = base.replace(/\/v1\.0$/, '/beta');
  return [
    http.patch(`${base}/users/:id`, ({ request, params }) =>
      withGraphAuth(ctx, request, String(params.id), write(ctx, async (tenant) => {
        const u = userById(tenant, String(params.id));
        if (!u) return noUser(String(params.id));
        const body = await jsonBody(request);
        const profile = body?.passwordProfile as { password?: unknown; forceChangePasswordNextSignIn?: unknown } | undefined;
        if (!body || Object.keys(body).some((k) => k !== 'passwordProfile') || typeof profile?.password !== 'string') return graphError(400, 'Request_BadRequest', 'Invalid value specified for property \'passwordProfile\' of resource \'User\'.');
        if (u.directoryRoles.length > 0) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
        if (u.onPremisesSyncEnabled) return graphError(400, 'Request_BadRequest', 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.');
        if (!complexEnough(profile.password)) return graphError(400, 'Request_BadRequest', 'The specified password does not comply with password complexity requirements. Please provide a different password.');
        setPassword(u, profile.password);
        return new HttpResponse(null, { status: 204 });
      })),
    ),
    // Microsoft lists no application permission for this call (authenticationmethod-resetpassword,
    // beta: "Application: Not supported"); every token this simulator issues is app-only (client
    // credentials), so it refuses every call. The exact error text is unknown: the stricter reading is a 403.
    http.post(`${beta}/users/:id/authentication/methods/:methodId/resetPassword`, ({ request, params }) =>
      withGraphAuth(ctx, request, String(params.id), (tenant) => {
        const u = userById(tenant, String(params.id));
        if (!u) return noUser(String(params.id));
        return graphError(403, 'accessDenied', 'Request Authorization failed: application permissions are not supported for this operation.');
      }),
    ),
    ...(['memberOf', 'transitiveMemberOf'] as const).map((relation) =>
      http.get(`${base}/users/:id/${relation}`, ({ request, params }) =>
        withGraphAuth(ctx, request, String(params.id), (tenant) => {
          const u = userById(tenant, String(params.id));
          if (!u) return noUser(String(params.id));
          const page = pageOf(request.url, membershipsOf(tenant, u, relation === 'transitiveMemberOf'), ctx.graphPageSize, `${base}/$metadata#directoryObjects`);
          return page ? HttpResponse.json(page) : graphError(400, 'Request_UnsupportedQuery', 'Invalid search request.');
        }),
      ),
    ),
    http.get(`${base}/groups`, ({ request }) =>
      withGraphAuth(ctx, request, undefined, (tenant) => {
        const filter = new URL(request.url).searchParams.get('$filter') ?? '';
        const m = /^\s*(displayName|mail|mailNickname)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
        if (filter && !m) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property of resource \'Group\'.');
        const want = m?.[2]?.replace(/''/g, "'").toLowerCase();
        const field = (m?.[1] ?? '').toLowerCase();
        const value = [...tenant.groups.values()]
          .filter((g) => !want || (field === 'displayname' ? g.displayName : field === 'mail' ? g.mail ?? '' : g.mailNickname).toLowerCase() === want)
          .map(groupJson);
        return HttpResponse.json({ '@odata.context': `${base}/$metadata#groups`, value });
      }),
    ),
    http.get(`${base}/groups/:id`, ({ request, params }) =>
      withGraphAuth(ctx, request, String(params.id), (tenant) => {
        const g = groupById(tenant, String(params.id));
        return g ? HttpResponse.json(groupJson(g)) : noUser(String(params.id));
      }),
    ),
    http.post(`${base}/groups/:id/members/:ref`, ({ request, params }) =>
      withGraphAuth(ctx, request, String(params.id), write(ctx, async (tenant) => {
        if (params.ref !== '$ref') return graphError(400, 'BadRequest', 'Unsupported segment.');
        const g = groupById(tenant, String(params.id));
        if (!g) return noUser(String(params.id));
        const body = await jsonBody(request);
        const ref = typeof body?.['@odata.id'] === 'string' ? body['@odata.id'] : '';
        const userId = /\/directoryObjects\/([0-9a-f-]{36})$/i.exec(ref)?.[1];
        if (!userId) return graphError(400, 'Request_BadRequest', "Invalid URL format specified in @odata.id for navigation property 'members'.");
        const u = userById(tenant, userId);
        if (!u) return noUser(userId);
        if (g.kind === 'distribution') return graphError(400, 'Request_BadRequest', 'Cannot Update a mail-enabled security groups and or distribution list.');
        if (g.members.has(u.id)) return graphError(400, 'Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'.");
        g.members.add(u.id);
        return new HttpResponse(null, { status: 204 });
      })),
    ),
    http.delete(`${base}/groups/:id/members/:userId/:ref`, ({ request, params }) =>
      withGraphAuth(ctx, request, String(params.id), write(ctx, (tenant) => {
        if (params.ref !== '$ref') return graphError(400, 'BadRequest', 'Unsupported segment.');
        const g = groupById(tenant, String(params.id));
        if (!g) return noUser(String(params.id));
        if (g.kind === 'distribution') return graphError(400, 'Request_BadRequest', 'Cannot Update a mail-enabled security groups and or distribution list.');
        const userId = String(params.userId).toLowerCase();
        if (!g.members.has(userId)) return graphError(404, 'Request_ResourceNotFound', `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`);
        g.members.delete(userId);
        return new HttpResponse(null, { status: 204 });
      })),
    ),
    http.post(`${base}/users/:id/checkMemberGroups`, ({ request, params }) =>
      withGraphAuth(ctx, request, String(params.id), async (tenant) => {
        const u = userById(tenant, String(params.id));
        if (!u) return noUser(String(params.id));
        const body = await jsonBody(request);
        const ids = body?.groupIds;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20 || ids.some((i) => typeof i !== 'string')) return graphError(400, 'Request_BadRequest', 'Invalid value specified for property \'groupIds\' of resource \'DirectoryObject\'.');
        const value = (ids as string[]).filter((id) => groupById(tenant, id) !== undefined && isTransitiveMember(tenant, u, id.toLowerCase()));
        return HttpResponse.json({ '@odata.context': `${base}/$metadata#Collection(Edm.String)`, value });
      }),
    ),
  ];
}
