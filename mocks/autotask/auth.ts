import { timingSafeEqual } from 'node:crypto';
import { atError } from './at-errors.js';
import { findResource, type AutotaskState } from './seed-state.js';

/** What an MSP gives an integration: the API-only user's name and secret plus the tracking identifier. */
export interface AutotaskCredentials {
  userName: string;
  secret: string;
  /** The `ApiIntegrationCode` (vendor or custom tracking identifier). */
  integrationCode: string;
}

/** Who a request acts as: the API user, or the resource it impersonates. */
export interface Actor {
  /** The resource writes are attributed to (PersonID in webhooks, creatorResourceID). */
  resourceId: number;
  /** Set when ImpersonationResourceId was honoured: the API user behind the impersonation. */
  impersonatorId?: number;
}

/** Headers a correctly configured client sends; handy for tests and the sandbox. */
export function authHeaders(c: AutotaskCredentials, impersonate?: number): Record<string, string> {
  const headers: Record<string, string> = { ApiIntegrationCode: c.integrationCode, UserName: c.userName, Secret: c.secret };
  if (impersonate !== undefined) headers.ImpersonationResourceId = String(impersonate);
  return headers;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks `ApiIntegrationCode`, `UserName` and `Secret` (401 otherwise) and honours
 * `ImpersonationResourceId`: the resource must exist, be active, not be an API-only user and
 * allow impersonation, or the call is refused (500 with `errors`, as Autotask reports
 * business-rule failures; the exact status for a refused impersonation is unverified).
 */
/** Another integration's API user in the same database (an email connector, a second app). */
export interface OtherApiUser {
  credentials: AutotaskCredentials;
  resourceId: number;
}

export function authenticate(request: Request, credentials: AutotaskCredentials, state: AutotaskState, apiResourceId: number, others: OtherApiUser[] = []): Actor | Response {
  const code = request.headers.get('apiintegrationcode') ?? '';
  const user = request.headers.get('username') ?? '';
  const secret = request.headers.get('secret') ?? '';
  if (!code || !user || !secret) return atError(401, ['Unauthorized: the ApiIntegrationCode, UserName and Secret headers are required.']);
  const matches = (c: AutotaskCredentials) => same(user.toLowerCase(), c.userName.toLowerCase()) && same(secret, c.secret) && same(code, c.integrationCode);
  const other = matches(credentials) ? undefined : others.find((o) => matches(o.credentials));
  if (!matches(credentials) && !other) return atError(401, ['Unauthorized: the user name, secret or API tracking identifier is not valid.']);
  // Another integration acts as itself: its changes are not ours, so our webhooks fire for them.
  if (other) return { resourceId: other.resourceId };
  const raw = request.headers.get('impersonationresourceid');
  if (raw === null || raw === '') return { resourceId: apiResourceId };
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  const resource = Number.isNaN(id) ? undefined : findResource(state, id);
  const security = state.security.get(id);
  if (!resource) return atError(500, [`ImpersonationResourceId ${raw} does not match a resource.`]);
  if (!resource.isActive) return atError(500, [`Impersonation failed: resource ${id} is inactive.`]);
  if (security?.apiOnly) return atError(500, [`Impersonation failed: resource ${id} is an API-only user.`]);
  if (!security?.impersonable) return atError(500, [`Impersonation failed: the security level of resource ${id} does not allow impersonation.`]);
  return { resourceId: id, impersonatorId: apiResourceId };
}
