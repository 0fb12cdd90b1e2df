import type { Request, Response } from 'express';
import { createLogger, type Logger } from '../../src/log.js';
import type { Signal } from '../../src/model/signal.js';
import type { AutotaskInstallation } from './installation-schema.js';
import { parseJson, parsePayload, toSignal } from './parse-webhook.js';
import { recordDeactivation } from './record-deactivation.js';
import { autotaskSignatureMatches } from './verify-signature.js';
import { createGuidLookup, readRegistration, type Kv } from './webhook-registry.js';

export interface AutotaskWebhookOptions {
  installation: AutotaskInstallation;
  /** Stores the signal durably; resolves `inserted: false` for a delivery key already stored. */
  intake: (signal: Signal) => Promise<{ inserted: boolean }>;
  kv: Kv;
  /** Where the webhook secret is read (default process.env), on every request so rotation needs no restart. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  now?: () => Date;
  newId?: () => string;
}

/** The query marker of the deactivation URL install registers: `{webhookUrl}?event=deactivated`. */
export const DEACTIVATION_QUERY = 'event=deactivated';
export const deactivationUrlFor = (webhookUrl: string) => `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${DEACTIVATION_QUERY}`;

const fail = (res: Response, status: number, error: string) => void res.status(status).json({ error });

/**
 * Express 5 handler for Autotask ticket webhooks AND their deactivation notices (one route: the
 * deactivation URL is the webhook URL with `?event=deactivated`). Mount it behind
 * `express.raw({ type: () => true, limit })`: the signature covers the raw bytes.
 * Answers 415 non-JSON, 401 unsigned / bad signature / a Guid this installation did not
 * register, 400 bad JSON or shape, 503 when the store is unavailable, 202 once `intake` stored
 * the signal, 200 `{duplicate: true}` for a replay (same Guid + Id + SequenceNumber), 200
 * `{ignored}` for other entity types and for changes our own writes caused (PersonID is the
 * API user or the impersonated resource), 200 `{deactivation: 'recorded'}` for a deactivation.
 * Rejected requests store nothing.
 */
export function createAutotaskWebhookHandler(options: AutotaskWebhookOptions) {
  const { installation, intake, kv } = options;
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const log = (options.logger ?? createLogger()).child({ integration: 'autotask', installationId: installation.id });
  const guids = createGuidLookup(kv, installation.id, installation.autotask.extraWebhookGuids);
  /** The resources our writes are credited to: the impersonated technician and the API user. */
  const ownResourceIds = async (): Promise<Set<number>> => {
    const apiUser = installation.autotask.apiResourceId ?? (await readRegistration(kv, installation.id).catch(() => null))?.apiResourceId;
    return new Set([installation.autotask.impersonationResourceId, ...(apiUser ? [apiUser] : [])]);
  };

  return async function autotaskWebhook(req: Request, res: Response): Promise<void> {
    if (!req.is(['application/json', 'application/*+json'])) return fail(res, 415, 'expected a JSON body (content-type: application/json)');
    if (!Buffer.isBuffer(req.body)) {
      log.error('Autotask webhook route is not behind express.raw; cannot verify signatures');
      return fail(res, 500, 'server misconfigured: raw request body unavailable');
    }
    const raw = req.body;
    const secret = env[installation.autotask.webhookSecretEnv];
    if (!secret) {
      log.error({ env: installation.autotask.webhookSecretEnv }, 'Autotask webhook secret is not set; refusing webhooks');
      return fail(res, 503, 'webhook secret not configured');
    }
    const signature = req.get('x-hook-signature') ?? '';
    const signed = signature !== '' && autotaskSignatureMatches(raw, signature, secret);
    const json = parseJson(raw);

    // The deactivation notice is taken even when its signature fails: the likeliest cause of a
    // deactivation (our answers failing, e.g. after a secret change) would also break the signature.
    const isDeactivationUrl = new URLSearchParams(req.originalUrl.split('?')[1] ?? '').get('event') === 'deactivated';
    const action = json.ok && json.value && typeof json.value === 'object' ? (json.value as { Action?: unknown }).Action : undefined;
    if (isDeactivationUrl || (signed && action === 'Deactivated')) {
      const notice = await recordDeactivation({ kv, installationId: installation.id, json: json.ok ? json.value : null, signed, now: now(), log }).catch(() => null);
      if (!notice) return fail(res, 503, 'the deactivation notice could not be stored; retry later');
      res.status(200).json({ deactivation: 'recorded' });
      return;
    }

    if (!signature) return fail(res, 401, 'missing X-Hook-Signature header');
    if (!signed) {
      log.warn('Autotask webhook rejected: signature does not match');
      return fail(res, 401, 'X-Hook-Signature does not match the body');
    }
    if (!json.ok) return fail(res, 400, json.message);
    const payload = parsePayload(json.value);
    if (!payload.ok) return fail(res, 400, payload.message);
    let known: boolean;
    try {
      known = await guids.accepts(payload.value.Guid);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'could not read the registered Autotask webhook');
      return fail(res, 503, 'the webhook registration could not be read; retry later');
    }
    if (!known) {
      log.warn({ guid: payload.value.Guid }, 'Autotask webhook rejected: GUID not registered by this installation');
      return fail(res, 401, 'webhook GUID is not registered for this installation');
    }
    if (payload.value.EntityType.toLowerCase() !== 'ticket') {
      res.status(200).json({ ignored: true, reason: `entity type '${payload.value.EntityType}' is not handled` });
      return;
    }
    if (payload.value.PersonID != null && (await ownResourceIds()).has(payload.value.PersonID)) {
      // Our own note / status change echoed (ExcludedResources should have stopped it): never a new signal.
      log.info({ ticketId: payload.value.Id, personId: payload.value.PersonID }, 'Autotask webhook caused by our own write; ignored');
      res.status(200).json({ ignored: true, reason: 'caused by this app\'s own write' });
      return;
    }
    const signal = toSignal(payload.value, installation.id, now(), options.newId);
    if (!signal.ok) return fail(res, 400, signal.message);
    let stored;
    try {
      stored = await intake(signal.value);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), deliveryKey: signal.value.deliveryKey }, 'could not store Autotask webhook');
      return fail(res, 503, 'the webhook could not be stored; retry later');
    }
    const ref = { signalId: signal.value.id, ticketId: signal.value.ticketId, deliveryKey: signal.value.deliveryKey };
    if (!stored.inserted) {
      log.info(ref, 'Autotask webhook replayed; already stored');
      res.status(200).json({ duplicate: true });
      return;
    }
    log.info(ref, 'Autotask webhook accepted');
    res.status(202).json({ accepted: true, signalId: signal.value.id });
  };
}
