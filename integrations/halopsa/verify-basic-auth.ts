import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares digests, so neither the length nor the content of the expected value leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Checks `Authorization: Basic base64(user:password)` against one installation's webhook
 * credentials. Both parts are always compared (no early exit on a wrong username).
 */
export function basicAuthMatches(header: string | undefined, username: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = sameSecret(decoded.slice(0, colon), username);
  const passOk = sameSecret(decoded.slice(colon + 1), password);
  return userOk && passOk;
}

export const basicAuthHeader = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
