import { Router } from 'express';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { createSecretLinks, isLinkToken, linkId, useSecretLinks, type OpenResult } from './secret-links.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title></head><body style="font-family:sans-serif;max-width:36rem;margin:3rem auto">${body}</body></html>`;
}

const REFUSED: Record<Exclude<OpenResult, { ok: true }>['reason'], string> = {
  unknown: 'This link is not valid.',
  expired: 'This link has expired. Reply to your ticket and a technician will help.',
  already_opened: 'This link was already opened and no longer shows anything. If that was not you, reply to your ticket at once.',
};

/**
 * `GET /p/:token`: shows a one-time secret (a temporary password) once. Every opening, shown or
 * refused, is audited under the run that issued it; the page is never cached or indexed, and
 * the token itself is never logged (only its hash prefix).
 */
export function secretLinkRoutes(o: { store: Store; publicUrl: string; clock: () => Date; log: Logger }): Router {
  const links = createSecretLinks(o);
  useSecretLinks(links);
  const router = Router();
  router.get('/p/:token', async (req, res, next) => {
    try {
      res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex', 'Content-Security-Policy': "default-src 'none'" });
      const token = String(req.params.token);
      const result = await links.open(token);
      const id = isLinkToken(token) ? linkId(token).slice(0, 16) : null;
      const s = result.subject;
      await o.store.appendAudit({
        type: result.ok ? 'secret_link.opened' : 'secret_link.refused',
        runId: s?.runId ?? null,
        ticketId: s?.ticketId ?? null,
        clientId: s?.clientId ?? null,
        remediationId: s?.remediationId ?? null,
        outcome: null,
        actor: 'link-holder',
        data: { linkId: id, about: s?.about ?? null, ...(result.ok ? {} : { reason: result.reason }), userAgent: String(req.get('user-agent') ?? '').slice(0, 120) },
      });
      o.log.info({ linkId: id, opened: result.ok, reason: result.ok ? undefined : result.reason }, 'secret link requested');
      if (!result.ok) {
        res.status(result.reason === 'unknown' ? 404 : 410).type('html').send(page('Link not available', `<p>${REFUSED[result.reason]}</p>`));
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
