import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { M365Resource, TokenSource } from './token-source.js';

/** The Authorization header for one tenant and resource, with a way to force a new token. */
export interface Bearer {
  header(): Promise<string>;
  /** The next header() fetches a fresh token instead of a cached one. */
  invalidate(): void;
}

export function tenantBearer(tokens: TokenSource, tenantId: string, resource: M365Resource): Bearer {
  let stale = false;
  return {
    async header() {
      const forceRefresh = stale;
      stale = false;
      return `Bearer ${await tokens.getToken(tenantId, resource, { forceRefresh })}`;
    },
    invalidate() {
      stale = true;
    },
  };
}

/**
 * A 401 means the service stopped accepting a token we still think is valid (revoked,
 * clock skew): fetch a fresh one and try once more. A second 401 is a real refusal.
 */
export async function retryOnceOnUnauthorized<T>(bearer: Bearer, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    // A 401 from the token endpoint itself (wrong secret) is final: a new token cannot fix it.
    if (!(err instanceof OutsideApiError) || err.status !== 401 || err.system === 'm365-login') throw err;
    bearer.invalidate();
    return call();
  }
}
