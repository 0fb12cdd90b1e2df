import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { addressOf, createAuthThrottle, refuseIfThrottled, type AuthThrottle } from '../auth/auth-throttle.js';
import { AuthThrottleConfig } from '../config/schema.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` in the Prometheus text format. Not open: a scrape sends
 * `Authorization: Bearer <token>` with the admin token or, so that a scraper need not hold the
 * admin token, the metrics-only token (env `TICKETFIX_METRICS_TOKEN`, when set). Wrong tokens are
 * throttled per source address like the admin API's (default limits unless `throttle` is given).
 */
export function metricsRoute(o: { registry: Registry; tokens: readonly (string | undefined)[]; throttle?: AuthThrottle }): RequestHandler {
  const allowed = o.tokens.filter((t): t is string => Boolean(t)).map(digest);
  const throttle = o.throttle ?? createAuthThrottle({ ...AuthThrottleConfig.parse({}), clock: () => new Date() });
  const sentOf = (req: Request) => {
    const header = req.get('authorization') ?? '';
    return header.startsWith('Bearer ') ? header.slice(7) : '';
  };
  const authorised = (sent: string) => {
    if (!sent) return false;
    const got = digest(sent);
    // Every token is compared (constant time each), so timing does not tell which one matched.
    return allowed.reduce((ok, want) => timingSafeEqual(want, got) || ok, false);
  };
  return async (req, res) => {
    // Figures about the whole install: never kept by a cache on the way.
    res.set('Cache-Control', 'no-store');
    if (refuseIfThrottled(throttle, req, res)) return;
    const sent = sentOf(req);
    if (!authorised(sent)) {
      if (sent) throttle.failed(addressOf(req));
      res.status(401).json({ error: 'unauthorized', message: 'send the admin or metrics token as "Authorization: Bearer <token>"' });
      return;
    }
    res.set('Content-Type', o.registry.contentType);
    res.send(await o.registry.metrics());
  };
}
