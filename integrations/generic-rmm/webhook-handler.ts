import type { RequestHandler } from 'express';
import type { RmmIntake, RmmRuntimeOptions } from '../rmm-integration.js';
import { createRmmWebhookHandler } from '../rmm-webhook-flow.js';
import type { GenericRmmInstallation } from './installation-schema.js';
import { parseGenericCallback } from './parse-callback.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyCallbackSignature } from './verify-signature.js';

/**
 * The generic signed callback: HMAC over `<timestamp>.<raw body>` checked before parsing, a
 * ±tolerance window against replays of old requests, and the event id as the delivery key (a
 * replay inside the window, or the script re-sending the event, is a duplicate, not a new alert).
 */
export function createGenericWebhookHandler(install: GenericRmmInstallation, o: RmmRuntimeOptions & { intake: RmmIntake }): RequestHandler {
  const g = install.generic;
  const now = o.now ?? (() => new Date());
  return createRmmWebhookHandler({
    rmm: 'generic',
    installationId: install.id,
    log: o.log,
    intake: o.intake,
    now,
    verify(req, raw) {
      const secret = o.env[g.secretEnv];
      if (!secret) return { ok: false, status: 500, error: 'misconfigured', message: `generic callback secret (${g.secretEnv}) is not configured; refusing every delivery` };
      const v = verifyCallbackSignature({ secret, timestamp: req.get(TIMESTAMP_HEADER), signature: req.get(SIGNATURE_HEADER), raw, nowMs: now().getTime(), toleranceSeconds: g.toleranceSeconds });
      return v.ok ? v : { ok: false, status: 401, error: v.error, message: v.message };
    },
    parse: (json) => parseGenericCallback(json, install.id, g.organisationId),
  });
}
