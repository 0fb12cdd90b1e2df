import type { RequestHandler } from 'express';

/**
 * DNS rebinding guard: a page on an attacker's name that resolves to 127.0.0.1 reaches the
 * sandbox with its own name in Host. Only the loopback names the sandbox listens on pass; any
 * other Host is answered 421 before a route (or the demo keys on /sandbox) is reached.
 */
export function sandboxHostCheck(port: number): RequestHandler {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return (req, res, next) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (allowed.has(host)) return next();
    res.status(421).json({ error: 'misdirected_request', message: `the sandbox answers only to ${[...allowed].join(' and ')}` });
  };
}
