import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

// The console only talks to its own origin and never runs inline script, so a string that
// slipped into the DOM as markup still could not execute.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The web console: static HTML, CSS and ES modules under /console (no build step). It holds no
 * secrets; the operator's API key lives in the browser's sessionStorage and every figure comes
 * from the authenticated admin API.
 */
export function consoleRoutes(): Router {
  const r = express.Router();
  r.use((_req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-cache' });
    next();
  });
  r.use(express.static(PUBLIC_DIR, { index: 'index.html', fallthrough: true, dotfiles: 'deny' }));
  return r;
}
