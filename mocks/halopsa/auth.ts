import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpResponse } from 'msw';
import { oauthError } from './halo-errors.js';
import type { HaloState, IssuedToken } from './seed-state.js';

/**
 * An API application (Configuration > Integrations > HaloPSA API > Applications): "Client ID
 * and Secret (Services)", logging in as an agent, with a permission set. `all` covers every
 * permission.
 */
export interface HaloApiApp {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface RegisteredApp extends HaloApiApp {
  agentId: number;
}

/** Permissions the simulator knows (Halo has more; these are the ones its routes check). */
export const HALO_SCOPES = ['all', 'read:tickets', 'edit:tickets', 'read:customers', 'edit:customers', 'read:agents', 'admin:webhooks'] as const;

export const hasScope = (granted: Set<string>, needed: string): boolean => granted.has('all') || granted.has(needed);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Grants scopes the way an OAuth2 server may (RFC 6749 §3.3): `all` asks for whatever the
 * application holds; named scopes must each be held, or the request fails with
 * `invalid_scope` naming the first one that is not. The granted set is echoed in `scope`.
 * (Whether real Halo narrows `all` like this is unverified; it is what lets a doctor name a
 * missing permission from the token response.)
 */
function grant(app: RegisteredApp, requested: string[]): { ok: true; scopes: Set<string> } | { ok: false; scope: string } {
  const held = new Set(app.scopes);
  if (requested.length === 0 || requested.includes('all')) return { ok: true, scopes: held };
  for (const s of requested) {
    if (!(HALO_SCOPES as readonly string[]).includes(s) || !hasScope(held, s)) return { ok: false, scope: s };
  }
  return { ok: true, scopes: new Set(requested) };
}

export interface TokenEndpointOptions {
  state: HaloState;
  apps: RegisteredApp[];
  /** The tenant Halo-hosted instances require on the token request (none: self-hosted). */
  tenant?: string;
  lifetimeSeconds: number;
  /** Echo the granted permissions in `scope` (default true; whether Halo does is unverified). */
  echoScope: boolean;
  now: () => number;
}

/**
 * POST {auth_url}/token?tenant=…, form-encoded `grant_type=client_credentials`, `client_id`,
 * `client_secret`, `scope` (homotechsual/HaloAPI Connect-HaloAPI.ps1). Answers
 * `{token_type, access_token, expires_in, scope}`; 401 `invalid_client` for bad credentials.
 */
export async function issueToken(request: Request, o: TokenEndpointOptions): Promise<Response> {
  const url = new URL(request.url);
  if (o.tenant !== undefined) {
    const tenant = url.searchParams.get('tenant');
    if (!tenant) return oauthError(400, 'invalid_request', 'The tenant query parameter is required for this Halo instance.');
    if (tenant.toLowerCase() !== o.tenant.toLowerCase()) return oauthError(400, 'invalid_request', `Unknown tenant '${tenant}'.`);
  }
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return oauthError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
  const form = new URLSearchParams(await request.text());
  if (form.get('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is enabled for this application.');
  const clientId = form.get('client_id') ?? '';
  const secret = form.get('client_secret') ?? '';
  const app = o.apps.find((a) => same(a.clientId, clientId));
  if (!app || !same(app.clientSecret, secret)) return oauthError(401, 'invalid_client', 'The client id or secret is not valid.');
  const requested = (form.get('scope') ?? 'all').split(/\s+/).filter(Boolean);
  const granted = grant(app, requested);
  if (!granted.ok) return oauthError(400, 'invalid_scope', `The API application does not have the permission '${granted.scope}'.`);
  const accessToken = randomBytes(24).toString('base64url');
  const issued: IssuedToken = { clientId: app.clientId, agentId: app.agentId, scopes: granted.scopes, expiresAt: o.now() + o.lifetimeSeconds * 1000 };
  o.state.tokens.set(accessToken, issued);
  const body = { token_type: 'Bearer', access_token: accessToken, expires_in: o.lifetimeSeconds };
  return HttpResponse.json(o.echoScope ? { ...body, scope: [...granted.scopes].join(' ') } : body);
}

export type BearerCheck = { ok: true; token: IssuedToken } | { ok: false; response: Response };

/** Checks `Authorization: Bearer …` against issued, unexpired tokens (RFC 6750 answers). */
export function checkBearer(request: Request, state: HaloState, now: number): BearerCheck {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const challenge = (error: string, description: string) => ({ 'WWW-Authenticate': `Bearer error="${error}", error_description="${description}"` });
  if (!match?.[1]) return { ok: false, response: oauthError(401, 'invalid_request', 'A Bearer token is required.', { 'WWW-Authenticate': 'Bearer' }) };
  const token = state.tokens.get(match[1]);
  if (!token) return { ok: false, response: oauthError(401, 'invalid_token', 'The access token is not valid.', challenge('invalid_token', 'unknown token')) };
  if (token.expiresAt <= now) return { ok: false, response: oauthError(401, 'invalid_token', 'The access token has expired.', challenge('invalid_token', 'expired')) };
  return { ok: true, token };
}

/** 403 naming the missing permission, so an operator (and doctor) can fix the application. */
export const missingScope = (scope: string): Response =>
  oauthError(403, 'insufficient_scope', `The API application does not have the permission '${scope}'.`, { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"` });
