import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

/**
 * Who may do what on the admin API. Roles are ordered: each one can do everything the one
 * before it can. viewer reads everything; approver also decides approvals; admin does the rest
 * (kill switch, config overrides, dry-run, keys).
 */
export const ROLES = ['viewer', 'approver', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The authenticated caller of a request, as `authenticate` (src/auth/authenticate.ts) sets it. */
export interface Principal {
  /** The API key's id (`tfx_<id>_...`), or 'bootstrap' for the admin token from the environment. */
  keyId: string;
  name: string;
  role: Role;
}

const PRINCIPAL = 'ticketfixPrincipal';

export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export function setPrincipal(res: Response, principal: Principal): void {
  res.locals[PRINCIPAL] = principal;
}

/** The caller, once `authenticate` ran; undefined on an unauthenticated route. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals[PRINCIPAL] as Principal | undefined;
}

/** How a caller is named in audit events and approval decisions: the key's id and name. */
export function actorOf(p: Principal): string {
  return `key:${p.keyId} (${p.name})`;
}

/**
 * One line per route: `router.post('/x', requireRole('approver'), handler)`.
 * 401 when no caller was authenticated, 403 when the caller's role is below `need`.
 * Needs `authenticate(...)` mounted before it on the router (the admin router does that).
 */
export function requireRole(need: Role): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const p = principalOf(res);
    if (!p) return void res.status(401).json({ error: 'unauthorized', message: 'send an API key as "Authorization: Bearer <key>"' });
    if (!roleAllows(p.role, need)) {
      return void res.status(403).json({ error: 'forbidden', message: `this needs the '${need}' role; the key '${p.name}' has '${p.role}'` });
    }
    next();
  };
}
