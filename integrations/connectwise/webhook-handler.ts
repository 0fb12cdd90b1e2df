import type { Request, Response } from 'express';
import type { ConnectWiseInstallation } from '../../src/config/schema.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { Signal } from '../../src/model/signal.js';
import { parseEnvelope, toSignal } from './parse-callback.js';
import { createSigningKeyFetcher, type SigningKeyFetcher } from './signing-key-fetcher.js';
import { verifyCallback } from './verify-callback.js';

export interface ConnectWiseWebhookOptions {
  installation: ConnectWiseInstallation;
  /** Stores the signal durably; resolves `inserted: false` for a delivery key already stored. */
  intake: (signal: Signal) => Promise<{ inserted: boolean }>;
  /** Shared key cache (default: one per handler). */
  signingKeys?: SigningKeyFetcher;
  /** A mismatch with a cached key at least this old refetches the key once (default 60 s). */
  minKeyRefreshMs?: number;
  logger?: Logger;
  now?: () => Date;
  newId?: () => string;
}

const fail = (res: Response, status: number, error: string) => void res.status(status).json({ error });

/**
 * Express 5 handler for ConnectWise ticket callbacks. Mount it behind
 * `express.raw({ type: () => true, limit })`: the signature covers the raw bytes, so the body
 * must arrive as a Buffer. Answers 415 non-JSON, 401 unsigned/bad signature/foreign key_url or
 * company, 400 bad JSON or shape, 503 when the key or the store is unavailable, 202 once
 * `intake` has stored the signal, 200 `{duplicate: true}` for a re-delivery. Rejected requests
 * store nothing.
 */
export function createConnectWiseWebhookHandler(options: ConnectWiseWebhookOptions) {
  const { installation, intake } = options;
  const keys = options.signingKeys ?? createSigningKeyFetcher();
  const now = options.now ?? (() => new Date());
  const log = (options.logger ?? createLogger()).child({ integration: 'connectwise', installationId: installation.id });

  return async function connectWiseWebhook(req: Request, res: Response): Promise<void> {
    if (!req.is(['application/json', 'application/*+json'])) return fail(res, 415, 'expected a JSON body (content-type: application/json)');
    if (!Buffer.isBuffer(req.body)) {
      log.error('ConnectWise webhook route is not behind express.raw; cannot verify signatures');
      return fail(res, 500, 'server misconfigured: raw request body unavailable');
    }
    const raw = req.body;
    const signature = req.get('x-content-signature');
    if (!signature) return fail(res, 401, 'missing x-content-signature header');
    const envelope = parseEnvelope(raw);
    if (!envelope.ok) return fail(res, 400, envelope.message);
    const verified = await verifyCallback({ raw, signature, envelope: envelope.value, installation, keys, minRefreshMs: options.minKeyRefreshMs ?? 60_000, now: () => now().getTime() });
    if (!verified.ok) {
      log.warn({ status: verified.status, reason: verified.message }, 'ConnectWise callback rejected');
      return fail(res, verified.status, verified.message);
    }
    if (envelope.value.Type.toLowerCase() !== 'ticket') {
      res.status(200).json({ ignored: true, reason: `callback type '${envelope.value.Type}' is not handled` });
      return;
    }
    const signal = toSignal(envelope.value, raw, installation.id, now(), options.newId);
    if (!signal.ok) return fail(res, 400, signal.message);
    let stored;
    try {
      stored = await intake(signal.value);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), deliveryKey: signal.value.deliveryKey }, 'could not store ConnectWise callback');
      return fail(res, 503, 'the callback could not be stored; retry later');
    }
    const ref = { signalId: signal.value.id, ticketId: signal.value.ticketId, deliveryKey: signal.value.deliveryKey };
    if (!stored.inserted) {
      log.info(ref, 'ConnectWise callback re-delivered; already stored');
      res.status(200).json({ duplicate: true });
      return;
    }
    log.info(ref, 'ConnectWise callback accepted');
    res.status(202).json({ accepted: true, signalId: signal.value.id });
  };
}
