import type { RequestHandler } from 'express';
import type { RmmIntake, RmmRuntimeOptions } from '../rmm-integration.js';
import { sameSecret } from '../rmm-shared-secret.js';
import { createRmmWebhookHandler } from '../rmm-webhook-flow.js';
import { TACTICAL_SECRET_HEADER } from './alert-template.js';
import type { TacticalInstallation } from './installation-schema.js';
import { parseTacticalAlert } from './parse-webhook.js';

/**
 * Tactical's URL actions are not signed: the alert template sends a shared secret header
 * (alert-template.ts), compared in constant time before the body is read. Each installation has
 * its own route and secret. The secret is read from the environment on every request (rotation).
 */
export function createTacticalWebhookHandler(install: TacticalInstallation, o: RmmRuntimeOptions & { intake: RmmIntake }): RequestHandler {
  const secretEnv = install.tactical.webhookSecretEnv;
  return createRmmWebhookHandler({
    rmm: 'tactical',
    installationId: install.id,
    log: o.log,
    intake: o.intake,
    now: o.now,
    verify(req) {
      const secret = o.env[secretEnv];
      if (!secret) return { ok: false, status: 500, error: 'misconfigured', message: `Tactical webhook secret (${secretEnv}) is not configured; refusing every delivery` };
      if (!sameSecret(req.get(TACTICAL_SECRET_HEADER), secret)) return { ok: false, status: 401, error: 'unauthorized', message: `missing or wrong ${TACTICAL_SECRET_HEADER} for this installation` };
      return { ok: true };
    },
    parse: (json) => parseTacticalAlert(json, install.id),
  });
}
