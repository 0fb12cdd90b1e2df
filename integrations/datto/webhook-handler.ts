import type { RequestHandler } from 'express';
import type { RmmIntake, RmmRuntimeOptions } from '../rmm-integration.js';
import { sameSecret } from '../rmm-shared-secret.js';
import { createRmmWebhookHandler } from '../rmm-webhook-flow.js';
import type { DattoInstallation } from './installation-schema.js';
import { parseDattoWebhook } from './parse-webhook.js';
import { DATTO_SECRET_HEADER } from './webhook-template.js';

/**
 * Datto does not sign webhooks: the shared secret comes in `X-Ticketfix-Secret`, or as
 * `?token=` where the webhook form has no headers, compared in constant time before parsing.
 */
export function createDattoWebhookHandler(install: DattoInstallation, o: RmmRuntimeOptions & { intake: RmmIntake }): RequestHandler {
  const env = install.datto.webhookSecretEnv;
  return createRmmWebhookHandler({
    rmm: 'datto',
    installationId: install.id,
    log: o.log,
    intake: o.intake,
    now: o.now,
    verify(req) {
      const secret = o.env[env];
      if (!secret) return { ok: false, status: 500, error: 'misconfigured', message: `Datto webhook secret (${env}) is not configured; refusing every delivery` };
      const token = typeof req.query.token === 'string' ? req.query.token : undefined;
      if (!sameSecret(req.get(DATTO_SECRET_HEADER) ?? token, secret)) return { ok: false, status: 401, error: 'unauthorized', message: `missing or wrong ${DATTO_SECRET_HEADER} (or token) for this installation` };
      return { ok: true };
    },
    parse: (json) => parseDattoWebhook(json, install.id),
  });
}
