import { z } from 'zod';
import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { retryOnceOnUnauthorized, type Bearer } from './bearer.js';
import type { GraphUser, GraphUsers } from './types.js';

/*
 * Graph transport: the shared HTTP seam (`createHttpClient`), not
 * @microsoft/microsoft-graph-client. The SDK's AuthenticationHandler drops the Authorization
 * header for any host that is not an https Graph host (so the sandbox's http simulator would
 * need a hand-built middleware chain), its RetryHandler has its own delays and no ceiling on
 * Retry-After, and its GraphError differs from every other integration's error. The seam
 * already gives Retry-After, back-off, zod-checked bodies and OutsideApiError; every Graph
 * call in this folder goes through it.
 */

const SELECT = ['id', 'userPrincipalName', 'mail', 'displayName', 'accountEnabled', 'onPremisesSyncEnabled'];

const GraphUserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().min(1),
  mail: z.string().nullable().default(null),
  displayName: z.string().nullable().default(null),
  accountEnabled: z.boolean(),
  onPremisesSyncEnabled: z.boolean().nullable().default(null),
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A UPN: local@domain, no whitespace or control characters, nothing URL-structural.
const UPN = /^[^\s@/\\?%\p{Cc}]{1,113}@[a-z0-9.-]{1,255}$/iu;

/** The identity comes from ticket text; only an object id or a UPN may reach the URL. */
export function assertUserIdentity(idOrUpn: string): string {
  if (!GUID.test(idOrUpn) && !UPN.test(idOrUpn)) throw new Error(`not a user id or user principal name: '${idOrUpn.slice(0, 80)}'`);
  return idOrUpn;
}

/** Graph users of one tenant; the tenant is in the token, the bearer is bound to it. */
export function createGraphUsers(http: HttpClient, bearer: Bearer): GraphUsers {
  return {
    async getUser(idOrUpn) {
      assertUserIdentity(idOrUpn);
      try {
        const user = await retryOnceOnUnauthorized(bearer, () =>
          http.request({
            method: 'GET',
            // https://learn.microsoft.com/graph/api/user-get?view=graph-rest-1.0
            path: `/users/${encodeURIComponent(idOrUpn)}`,
            query: { $select: SELECT.join(',') },
            operation: 'get user',
            schema: GraphUserSchema,
          }),
        );
        return user satisfies GraphUser;
      } catch (err) {
        if (err instanceof OutsideApiError && err.status === 404) return null;
        throw err;
      }
    },
  };
}
