import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import type { Store } from '../store/store.js';
import { createSecretLinks, isLinkToken, linkId, type OpenResult } from './secret-links.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title></head><body style="font-family:sans-serif;max-width:36rem;margin:3rem auto">${body}</body></html>`;
}

const REFUSED: Record<Exclude<OpenResult, { ok: true }>['reason'], string> = {
  unknown: 'This link is not valid.',
  expired: 'This link has expired. Reply to your ticket and a technician will help.',
  already_opened: 'This link was already opened and no longer shows anything. If that was not you, reply to your ticket at once.',
};

// The same page for every token, valid or not: opening reveals nothing and looks nothing up.
const CONFIRM_PAGE = page(
  'Your temporary password',
  '<p>This one-time link shows your temporary password once.</p><p>Open it only when you are ready to copy the password.</p>' +
    '<form method="post"><button type="submit" style="font-size:1.1rem;padding:.5rem 1rem">Show my temporary password</button></form>',
);

const HEADERS = {
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
  // form-action does not fall back to default-src: the button may post back here only.
  'Content-Security-Policy': "default-src 'none'; form-action 'self'",
};

const LOG_EVERY_MS = 60_000;

export interface SecretLinkRouteOptions {
  store: Store;
  publicUrl: string;
  clock: () => Date;
  log: Logger;
  /** Where the refusal counter is registered (the app's /metrics registry); a private one otherwise. */
  registry?: Registry;
}

/**
 * `GET /p/:token` shows a page with a button; only its `POST` opens the link. Link scanners,
 * mail previews and HEAD requests therefore neither see nor spend the secret. Openings and
 * refusals of a known link are audited under the run that issued it (a refusal once per link
 * and reason); refusals of unknown tokens are only counted (metric, one log line a minute),
 * so nobody without a link can grow the audit trail. The token is never logged.
 */
export function secretLinkRoutes(o: SecretLinkRouteOptions): Router {
  const links = createSecretLinks(o);
  const refusals = new Counter({
    name: 'ticketfix_secret_link_refusals_total',
    help: 'One-time link openings refused, by reason (unknown tokens are counted here, not audited)',
    labelNames: ['reason'],
    registers: [o.registry ?? new Registry()],
  });
  let unknownSinceLog = 0;
  let lastLogMs = -Infinity;
  const countUnknown = () => {
    refusals.inc({ reason: 'unknown' });
    unknownSinceLog++;
    const now = o.clock().getTime();
    if (now - lastLogMs < LOG_EVERY_MS) return;
    o.log.warn({ refused: unknownSinceLog }, 'one-time link requests refused: unknown token');
    unknownSinceLog = 0;
    lastLogMs = now;
  };

  const router = Router();
  router.get('/p/:token', (_req, res) => {
    res.set(HEADERS).status(200).type('html').send(CONFIRM_PAGE);
  });
  router.post('/p/:token', async (req, res: Response, next) => {
    try {
      res.set(HEADERS);
      const token = String(req.params.token);
      const result = await links.open(token);
      const s = result.subject;
      if (!s) {
        countUnknown();
        res.status(404).type('html').send(page('Link not available', `<p>${REFUSED.unknown}</p>`));
        return;
      }
      const id = isLinkToken(token) ? linkId(token) : null;
      if (!result.ok) refusals.inc({ reason: result.reason });
      // One audit event per opening, and per link and refusal reason: bounded by the links issued.
      const first = result.ok || (id !== null && (await o.store.claim(`secret-link-refused:${id}:${result.reason}`, `refusal-${randomUUID()}`, '9999-01-01T00:00:00.000Z', o.clock().toISOString())).ok);
      if (first) {
        await o.store.appendAudit({
          type: result.ok ? 'secret_link.opened' : 'secret_link.refused',
          runId: s.runId,
          ticketId: s.ticketId,
          clientId: s.clientId,
          remediationId: s.remediationId,
          outcome: null,
          actor: 'link-holder',
          data: { linkId: id?.slice(0, 16) ?? null, about: s.about, ...(result.ok ? {} : { reason: result.reason }), userAgent: String(req.get('user-agent') ?? '').slice(0, 120) },
        });
      }
      o.log.info({ linkId: id?.slice(0, 16), opened: result.ok, reason: result.ok ? undefined : result.reason }, 'secret link opened');
      if (!result.ok) {
        res.status(410).type('html').send(page('Link not available', `<p>${REFUSED[result.reason]}</p>`));
        return;
      }
      res.status(200).type('html').send(
        page(
          'Your temporary password',
          `<p>Your temporary password for <b>${escapeHtml(result.subject.about)}</b> is:</p><p><code style="font-size:1.4rem" data-secret>${escapeHtml(result.secret)}</code></p><p>You will be asked to choose a new password when you sign in. This page is shown once: copy the password now.</p>`,
        ),
      );
    } catch (err) {
      next(err);
    }
  });
  return router;
}
