import type { Request, Response } from 'express';

export interface AuthThrottleOptions {
  /** Failed sign-ins one address may make within the window; the next requests get 429 until it ends. */
  maxFailures: number;
  windowSeconds: number;
  /** The most addresses remembered; past it, expired entries are dropped, then the oldest. */
  maxAddresses: number;
  /** Leave 127.0.0.1 and ::1 alone (see AuthThrottleConfig in src/config/schema.ts for why). */
  exemptLoopback: boolean;
  clock: () => Date;
}

export interface AuthThrottle {
  /** Seconds the address must wait before it may try again, or 0. */
  retryAfter(address: string): number;
  /** Counts a failed sign-in from the address. */
  failed(address: string): void;
  /** Addresses remembered now (for tests and metrics). */
  size(): number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Per-address count of failed sign-ins in a fixed window that starts at the first failure. A
 * success does not reset it: a holder of one valid key could otherwise interleave guesses forever.
 */
export function createAuthThrottle(o: AuthThrottleOptions): AuthThrottle {
  const windowMs = o.windowSeconds * 1000;
  const entries = new Map<string, { since: number; failures: number }>();
  const live = (address: string, now: number) => {
    const e = entries.get(address);
    if (e && now - e.since >= windowMs) entries.delete(address);
    return entries.get(address);
  };
  const exempt = (address: string) => o.exemptLoopback && LOOPBACK.test(address);
  return {
    retryAfter(address) {
      if (exempt(address)) return 0;
      const now = o.clock().getTime();
      const e = live(address, now);
      return e && e.failures >= o.maxFailures ? Math.max(1, Math.ceil((e.since + windowMs - now) / 1000)) : 0;
    },
    failed(address) {
      if (exempt(address)) return;
      const now = o.clock().getTime();
      const e = live(address, now);
      if (e) {
        e.failures++;
        return;
      }
      if (entries.size >= o.maxAddresses) {
        for (const [a, x] of entries) if (now - x.since >= windowMs) entries.delete(a);
        // Still full: forget the oldest (Map keeps insertion order).
        while (entries.size >= o.maxAddresses) entries.delete(entries.keys().next().value!);
      }
      entries.set(address, { since: now, failures: 1 });
    },
    size: () => entries.size,
  };
}

/** The caller's address as the socket sees it (no proxy header is trusted unless Express is told to). */
export const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Answers 429 with Retry-After when the address is throttled; returns true when it did. */
export function refuseIfThrottled(throttle: AuthThrottle | undefined, req: Request, res: Response): boolean {
  const wait = throttle?.retryAfter(addressOf(req)) ?? 0;
  if (wait === 0) return false;
  const message = `too many failed sign-ins from this address; try again in ${wait} seconds`;
  res.set('Retry-After', String(wait)).status(429).json({ error: 'too_many_requests', message });
  return true;
}
