import { z } from 'zod';
import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { retryOnceOnUnauthorized, type Bearer } from './bearer.js';
import { assertUserIdentity } from './graph-users.js';
import type { GraphDirectory, GraphDirectoryObject, GraphGroup } from './types.js';

/** The SSPR password method's fixed id (a user's only password method). */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const assertGuid = (id: string, what: string): string => {
  if (!GUID.test(id)) throw new Error(`not a ${what} object id: '${id.slice(0, 60)}'`);
  return id;
};

const GroupSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable().default(null),
  mail: z.string().nullable().default(null),
  mailEnabled: z.boolean().default(false),
  securityEnabled: z.boolean().default(false),
  groupTypes: z.array(z.string()).default([]),
  isAssignableToRole: z.boolean().nullable().default(null),
});
const DirectoryObjects = z.object({
  value: z.array(z.object({ '@odata.type': z.string().default(''), id: z.string(), displayName: z.string().nullable().default(null), isAssignableToRole: z.boolean().nullable().optional() })),
  '@odata.nextLink': z.string().optional(),
});
/** A runaway nextLink chain stops here (100 a page: far beyond any real user's memberships). */
const MAX_MEMBERSHIP_PAGES = 50;
const Groups = z.object({ value: z.array(GroupSchema) });
const Ids = z.object({ value: z.array(z.string()) });
const PasswordChange = z.object({ lastPasswordChangeDateTime: z.string().nullable().default(null) });

/**
 * The Graph directory calls of the M365 catalogue, on the same seam as `getUser`. Ids reaching
 * a URL are object GUIDs read from the tenant (or a checked UPN), never free ticket text.
 * Password values go in request bodies only; the seam's errors carry the server's text, which
 * never echoes a body.
 */
export function createGraphDirectory(http: HttpClient, beta: HttpClient, bearer: Bearer): GraphDirectory {
  const call = <T>(client: HttpClient, opts: Parameters<HttpClient['request']>[0] & { schema?: z.ZodType<T> }) => retryOnceOnUnauthorized(bearer, () => client.request<T>(opts as never));

  /**
   * memberOf / transitiveMemberOf, every page: Graph pages them (100 by default) and names the
   * next page in an absolute @odata.nextLink, which must stay on this Graph endpoint before a
   * token goes with it. https://learn.microsoft.com/graph/api/user-list-transitivememberof
   */
  async function memberships(userId: string, relation: 'memberOf' | 'transitiveMemberOf'): Promise<GraphDirectoryObject[]> {
    const listing = `/users/${assertGuid(userId, 'user')}/${relation}`;
    const base = http.baseUrl.replace(/\/$/, '');
    const out: GraphDirectoryObject[] = [];
    // No $top: Graph allows it on these listings only as an advanced query; the default page is 100.
    let path: string | undefined = listing;
    for (let page = 0; path !== undefined; page++) {
      if (page >= MAX_MEMBERSHIP_PAGES) throw new OutsideApiError('graph', `list ${relation}`, null, `more than ${MAX_MEMBERSHIP_PAGES} pages`, false);
      const pagePath: string = path;
      const r = (await call(http, { method: 'GET', path: pagePath, operation: `list ${relation}`, schema: DirectoryObjects })) as z.infer<typeof DirectoryObjects>;
      out.push(...r.value.map((o) => ({
        type: o['@odata.type'] === '#microsoft.graph.directoryRole' ? ('directoryRole' as const) : o['@odata.type'] === '#microsoft.graph.group' ? ('group' as const) : ('other' as const),
        id: o.id,
        displayName: o.displayName,
        isAssignableToRole: o.isAssignableToRole ?? null,
      })));
      const link = r['@odata.nextLink'];
      if (link !== undefined && !link.startsWith(`${base}/`)) {
        throw new OutsideApiError('graph', `list ${relation}`, null, 'nextLink points outside this Graph endpoint', false);
      }
      path = link === undefined ? undefined : link.slice(base.length);
    }
    return out;
  }

  return {
    async lastPasswordChange(userId) {
      const r = await call(http, { method: 'GET', path: `/users/${encodeURIComponent(assertUserIdentity(userId))}`, query: { $select: 'lastPasswordChangeDateTime' }, operation: 'get lastPasswordChangeDateTime', schema: PasswordChange });
      return (r as z.infer<typeof PasswordChange>).lastPasswordChangeDateTime;
    },
    async resetCloudPassword(userId, password) {
      // https://learn.microsoft.com/graph/api/user-update (passwordProfile)
      await call(http, { method: 'PATCH', path: `/users/${assertGuid(userId, 'user')}`, operation: 'reset password', body: { passwordProfile: { forceChangePasswordNextSignIn: true, password } }, idempotent: false });
    },
    async resetSyncedPassword(userId, password) {
      // beta passwordAuthenticationMethod: resetPassword (SSPR writeback to on-premises AD)
      await call(beta, { method: 'POST', path: `/users/${assertGuid(userId, 'user')}/authentication/methods/${PASSWORD_METHOD_ID}/resetPassword`, operation: 'reset synced password', body: { newPassword: password }, idempotent: false });
    },
    memberOf: (userId) => memberships(userId, 'memberOf'),
    transitiveMemberOf: (userId) => memberships(userId, 'transitiveMemberOf'),
    async findGroups(name) {
      if (name.length === 0 || name.length > 256 || /[\p{Cc}]/u.test(name)) throw new Error('not a group name');
      // OData string literal: a quote is doubled, so the name cannot end the literal.
      const r = (await call(http, { method: 'GET', path: '/groups', query: { $filter: `displayName eq '${name.replace(/'/g, "''")}'` }, operation: 'find group', schema: Groups })) as z.infer<typeof Groups>;
      return r.value satisfies GraphGroup[];
    },
    async addGroupMember(groupId, userId) {
      await call(http, { method: 'POST', path: `/groups/${assertGuid(groupId, 'group')}/members/$ref`, operation: 'add group member', body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${assertGuid(userId, 'user')}` }, idempotent: false });
    },
    async removeGroupMember(groupId, userId) {
      try {
        await call(http, { method: 'DELETE', path: `/groups/${assertGuid(groupId, 'group')}/members/${assertGuid(userId, 'user')}/$ref`, operation: 'remove group member', idempotent: true });
      } catch (err) {
        // Already not a member: the desired state holds (a retried DELETE after a lost answer).
        if (err instanceof OutsideApiError && err.status === 404) return;
        throw err;
      }
    },
    async checkMemberGroups(userId, groupIds) {
      const r = (await call(http, { method: 'POST', path: `/users/${assertGuid(userId, 'user')}/checkMemberGroups`, operation: 'checkMemberGroups', body: { groupIds: groupIds.map((g) => assertGuid(g, 'group')) }, schema: Ids, idempotent: true })) as z.infer<typeof Ids>;
      return r.value;
    },
    describe(method, path, body, version = 'v1.0') {
      return { method, url: `${(version === 'beta' ? beta : http).baseUrl.replace(/\/$/, '')}${path}`, body };
    },
  };
}
