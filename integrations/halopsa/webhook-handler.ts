import type { Request, Response } from 'express';
import { createLogger, type Logger } from '../../src/log.js';
import type { Signal } from '../../src/model/signal.js';
import type { HaloInstallation } from './installation-schema.js';
import { parseWebhookBody, toSignal } from './parse-webhook.js';
import { basicAuthMatches } from './verify-basic-auth.js';

export interface HaloWebhookOptions {
  installation: HaloInstallation;
  /** Stores the signal durably; resolves `inserted: false` for a delivery key already stored. */
  intake: (signal: Signal) => Promise<{ inserted: boolean }>;
  /** Where the webhook password is read from (default process.env), on every request. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  now?: () => Date;
  newId?: () => string;
}

const fail = (res: Response, status: number, error: string) => void res.status(status).json({ error });

/**
 * Express 5 handler for one installation's HaloPSA webhook. Mount it behind
 * `express.raw({ type: () => true, limit })`. Halo does not sign webhooks, so the sender is
 * verified by the Basic credentials this installation registered (each installation has its
 * own route and password, so another installation's credentials act on nothing). Answers 401
 * without valid credentials (checked first: an unauthenticated caller learns nothing about
 * parsing), 415 non-JSON, 400 bad JSON or no ticket id, 503 when the store is unavailable,
 * 202 once `intake` has stored the signal(s), 200 `{duplicate: true}` when every event was
 * already stored. Rejected requests store nothing. The handler never calls Halo: the engine
 * re-reads the ticket.
 */
export function createHaloWebhookHandler(options: HaloWebhookOptions) {
  const { installation, intake } = options;
  const halo = installation.halopsa;
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const log = (options.logger ?? createLogger()).child({ integration: 'halopsa', installationId: installation.id });

  return async function haloWebhook(req: Request, res: Response): Promise<void> {
    if (!Buffer.isBuffer(req.body)) {
      log.error('HaloPSA webhook route is not behind express.raw; cannot read the body as sent');
      return fail(res, 500, 'server misconfigured: raw request body unavailable');
    }
    const password = env[halo.webhookPasswordEnv];
    if (!password) {
      log.error({ env: halo.webhookPasswordEnv }, 'HaloPSA webhook password is not configured; refusing every delivery');
      return fail(res, 500, 'server misconfigured: webhook credentials unavailable');
    }
    if (!basicAuthMatches(req.get('authorization'), halo.webhookUsername, password)) {
      log.warn({ hasAuthorization: Boolean(req.get('authorization')) }, 'HaloPSA webhook rejected: credentials do not match');
      res.set('WWW-Authenticate', 'Basic realm="ticketfix", charset="UTF-8"');
      return fail(res, 401, 'missing or wrong Basic credentials for this installation');
    }
    if (!req.is(['application/json', 'application/*+json'])) return fail(res, 415, 'expected a JSON body (content-type: application/json)');
    const raw = req.body;
    const parsed = parseWebhookBody(raw);
    if (!parsed.ok) return fail(res, 400, parsed.message);
    const batch = parsed.value.length > 1;
    const signals: Signal[] = [];
    for (const body of parsed.value) {
      const signal = toSignal(body, batch ? JSON.stringify(body) : raw, installation.id, now(), options.newId);
      if (!signal.ok) return fail(res, 400, signal.message);
      signals.push(signal.value);
    }
    const accepted: string[] = [];
    for (const signal of signals) {
      let stored;
      try {
        stored = await intake(signal);
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : String(err), deliveryKey: signal.deliveryKey }, 'could not store HaloPSA webhook');
        return fail(res, 503, 'the webhook could not be stored; re-send it later');
      }
      const ref = { signalId: signal.id, ticketId: signal.ticketId, deliveryKey: signal.deliveryKey, event: signal.action };
      if (stored.inserted) {
        accepted.push(signal.id);
        log.info(ref, 'HaloPSA webhook accepted');
      } else {
        log.info(ref, 'HaloPSA webhook re-delivered; already stored');
      }
    }
    if (accepted.length === 0) {
      res.status(200).json({ duplicate: true });
      return;
    }
    res.status(202).json(batch ? { accepted: true, signalIds: accepted } : { accepted: true, signalId: accepted[0] });
  };
}
