import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Registry } from 'prom-client';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` in the Prometheus text format. Not open: a scrape sends
 * `Authorization: Bearer <token>` with the admin token or, so that a scraper need not hold the
 * admin token, the metrics-only token (env `TICKETFIX_METRICS_TOKEN`, when set).
 */
export function metricsRoute(o: { registry: Registry; tokens: readonly (string | undefined)[] }): RequestHandler {
  const allowed = o.tokens.filter((t): t is string => Boolean(t)).map(digest);
  const authorised = (req: Request) => {
    const header = req.get('authorization') ?? '';
    const sent = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!sent) return false;
    const got = digest(sent);
    // Every token is compared (constant time each), so timing does not tell which one matched.
    return allowed.reduce((ok, want) => timingSafeEqual(want, got) || ok, false);
  };
  return async (req, res) => {
    if (!authorised(req)) {
      res.status(401).json({ error: 'unauthorized', message: 'send the admin or metrics token as "Authorization: Bearer <token>"' });
      return;
    }
    res.set('Content-Type', o.registry.contentType);
    res.send(await o.registry.metrics());
  };
}
