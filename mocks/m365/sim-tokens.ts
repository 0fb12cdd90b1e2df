import { randomBytes, randomUUID } from 'node:crypto';

/** The two resources the app asks tokens for; the audience claim names which. */
export const AUDIENCES = {
  graph: 'https://graph.microsoft.com',
  exchange: 'https://outlook.office365.com',
} as const;
export type SimAudience = keyof typeof AUDIENCES;

export interface SimTokenClaims {
  aud: string;
  tid: string;
  appid: string;
  iat: number;
  exp: number;
}

export type TokenCheck = { ok: true; claims: SimTokenClaims } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'expired' };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Issues JWT-shaped app-only tokens and remembers them: the signature part is random, so a
 * token is valid only if this simulator issued it (a hand-edited payload is rejected).
 */
export class SimTokenIssuer {
  private readonly issued = new Map<string, SimTokenClaims>();

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(tenantId: string, appId: string, audience: SimAudience): { token: string; expiresIn: number } {
    const iat = Math.floor(this.now() / 1000);
    const claims: SimTokenClaims = { aud: AUDIENCES[audience], tid: tenantId, appid: appId, iat, exp: iat + this.lifetimeSeconds };
    const payload = { ...claims, iss: `https://sts.windows.net/${tenantId}/`, idtyp: 'app', oid: randomUUID(), roles: [], nbf: iat };
    const token = `${b64url({ typ: 'JWT', alg: 'RS256', kid: 'sim' })}.${b64url(payload)}.${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, claims);
    return { token, expiresIn: this.lifetimeSeconds };
  }

  check(authorization: string | null): TokenCheck {
    if (!authorization) return { ok: false, reason: 'missing' };
    const m = /^Bearer (\S+)$/.exec(authorization);
    if (!m?.[1]) return { ok: false, reason: 'malformed' };
    const claims = this.issued.get(m[1]);
    if (!claims) return { ok: false, reason: 'unknown' };
    if (claims.exp * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  /** Every token issued so far is now expired (tests a client's refresh on 401). */
  expireAll(): void {
    for (const claims of this.issued.values()) claims.exp = 0;
  }

  get count(): number {
    return this.issued.size;
  }
}
