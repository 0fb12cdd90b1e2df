import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Store } from '../store/store.js';
import { verifyApiKey } from './api-keys.js';
import { addressOf, refuseIfThrottled, type AuthThrottle } from './auth-throttle.js';
import { setPrincipal, type Principal } from './roles.js';

export interface AuthOptions {
  store: Store;
  /** The bootstrap admin token from the environment (adminTokenEnv): an admin, named 'bootstrap'. */
  bootstrapToken: string;
  clock: () => Date;
  /** Failed sign-ins per source address; past the limit the address gets 429 before any credential is checked. */
  throttle?: AuthThrottle;
}

export const BOOTSTRAP_PRINCIPAL: Principal = { keyId: 'bootstrap', name: 'admin token', role: 'admin' };

/** The exact `Bearer <credential>` form; anything else (other schemes, extra spaces) is no credential. */
export function bearerOf(req: Request): string {
  const header = req.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : '';
}

/** Resolves a credential: the bootstrap token (compared as hashes, constant time) or an API key. */
export async function resolveCredential(o: AuthOptions, sent: string): Promise<Principal | null> {
  if (!sent) return null;
  const want = createHash('sha256').update(o.bootstrapToken).digest();
  const got = createHash('sha256').update(sent).digest();
  if (o.bootstrapToken && timingSafeEqual(want, got)) return BOOTSTRAP_PRINCIPAL;
  return verifyApiKey(o.store, sent, o.clock());
}

/**
 * Every request under the router must carry a valid credential, or gets 401 (before any route
 * or 404 is considered, so nothing about the API leaks to an unauthenticated caller).
 * Routes then state their role with `requireRole(...)`.
 */
export function authenticate(o: AuthOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (refuseIfThrottled(o.throttle, req, res)) return;
    const sent = bearerOf(req);
    resolveCredential(o, sent).then((p) => {
      if (!p) {
        // Only a credential that was sent and wrong counts: a request without one guesses nothing.
        if (sent) o.throttle?.failed(addressOf(req));
        return void res.status(401).json({ error: 'unauthorized', message: 'send the admin token or an API key as "Authorization: Bearer <key>"' });
      }
      setPrincipal(res, p);
      next();
    }, next);
  };
}
