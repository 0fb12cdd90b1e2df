import type { RequestHandler } from 'express';
import type { RmmIntake, RmmRuntimeOptions } from '../rmm-integration.js';
import { sameSecret } from '../rmm-shared-secret.js';
import { createRmmWebhookHandler } from '../rmm-webhook-flow.js';
import type { NinjaOneInstallation } from './installation-schema.js';
import { parseNinjaWebhook } from './parse-webhook.js';

/**
 * NinjaOne does not sign webhooks; the webhook registration carries a header we choose
 * (`webhookHeaderName`) with the installation's secret, compared in constant time first.
 */
export function createNinjaWebhookHandler(install: NinjaOneInstallation, o: RmmRuntimeOptions & { intake: RmmIntake }): RequestHandler {
  const n = install.ninjaone;
  return createRmmWebhookHandler({
    rmm: 'ninjaone',
    installationId: install.id,
    log: o.log,
    intake: o.intake,
    now: o.now,
    verify(req) {
      const secret = o.env[n.webhookSecretEnv];
      if (!secret) return { ok: false, status: 500, error: 'misconfigured', message: `NinjaOne webhook secret (${n.webhookSecretEnv}) is not configured; refusing every delivery` };
      if (!sameSecret(req.get(n.webhookHeaderName), secret)) return { ok: false, status: 401, error: 'unauthorized', message: `missing or wrong ${n.webhookHeaderName} for this installation` };
      return { ok: true };
    },
    parse: (json) => parseNinjaWebhook(json, install),
  });
}
