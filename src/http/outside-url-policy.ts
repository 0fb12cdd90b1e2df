import { isIP } from 'node:net';

/**
 * Which outside URLs may be called. Outside the sandbox every outside call is https; the one
 * exception is an explicit, loudly logged opt-in that lets plain http reach loopback
 * addresses (local simulators, tests), and nothing else.
 */
export interface OutsideUrlPolicy {
  allowHttpLoopback: boolean;
}

/** The opt-in: `TICKETFIX_ALLOW_HTTP_LOOPBACK=1` (the sandbox sets it for its own process). */
export const ALLOW_HTTP_LOOPBACK_ENV = 'TICKETFIX_ALLOW_HTTP_LOOPBACK';

export const HTTPS_ONLY: OutsideUrlPolicy = { allowHttpLoopback: false };

export function outsideUrlPolicyFromEnv(env: Readonly<Record<string, string | undefined>>): OutsideUrlPolicy {
  return { allowHttpLoopback: env[ALLOW_HTTP_LOOPBACK_ENV] === '1' };
}

/** A literal loopback address (127.0.0.0/8, ::1, IPv4-mapped 127.x); names are not trusted to resolve there. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
  return false;
}

/**
 * Why `url` may not be called under `policy`, or null when it may. The reason names the scheme
 * and host only (a URL can carry credentials or tokens in its path or query).
 */
export function refusedOutsideUrl(url: string, policy: OutsideUrlPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol !== 'http:') return `scheme ${parsed.protocol} is not allowed (https only)`;
  if (!isLoopbackHost(parsed.hostname)) return `plain http to ${parsed.host} is not allowed (https only)`;
  if (policy.allowHttpLoopback) return null;
  return `plain http to ${parsed.host} is not allowed (https only; ${ALLOW_HTTP_LOOPBACK_ENV}=1 allows loopback http for local simulators)`;
}
