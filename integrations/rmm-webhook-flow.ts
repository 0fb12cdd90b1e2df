import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { RmmAlert, RmmSystem } from '../src/model/rmm.js';
import type { RmmIntake, RmmSignal } from './rmm-integration.js';

export type Verdict = { ok: true } | { ok: false; status: number; error: string; message: string };
export type Parsed =
  | { ok: true; alert: RmmAlert; deliveryKey: string; action: string }
  | { ok: false; message: string }
  /** A verified delivery that is not an alert (e.g. an activity type we do not act on): 200, nothing stored. */
  | { ok: 'ignore'; reason: string };

export interface RmmWebhookSpec {
  rmm: RmmSystem;
  installationId: string;
  log: Logger;
  intake: RmmIntake;
  now?: () => Date;
  /** Checks the sender on the raw bytes, before anything is parsed. */
  verify(req: Request, raw: Buffer): Verdict;
  /** Turns the parsed JSON into the normalised alert and its (installation-scoped) delivery key. */
  parse(json: unknown, raw: Buffer, req: Request): Parsed;
}

const fail = (res: Response, status: number, error: string, message: string) => void res.status(status).json({ error, message });

/**
 * The one order every RMM webhook follows: raw body present, sender verified (secret/signature
 * on the bytes as sent), JSON, zod, then `intake` (on disk before the 2xx). A rejected request
 * stores nothing; a re-delivery answers 200 `{duplicate: true}` without a second signal.
 */
export function createRmmWebhookHandler(spec: RmmWebhookSpec): RequestHandler {
  const log = spec.log.child({ integration: spec.rmm, installationId: spec.installationId });
  const now = spec.now ?? (() => new Date());
  return async function rmmWebhook(req: Request, res: Response): Promise<void> {
    if (!Buffer.isBuffer(req.body)) {
      log.error('RMM webhook route is not behind express.raw; cannot read the body as sent');
      return fail(res, 500, 'misconfigured', 'server misconfigured: raw request body unavailable');
    }
    const raw = req.body;
    const verdict = spec.verify(req, raw);
    if (!verdict.ok) {
      if (verdict.status >= 500) log.error(verdict.message);
      else log.warn({ reason: verdict.error }, `${spec.rmm} webhook rejected`);
      return fail(res, verdict.status, verdict.error, verdict.message);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return fail(res, 400, 'bad_json', 'the body is not valid JSON');
    }
    const parsed = spec.parse(json, raw, req);
    if (parsed.ok === 'ignore') {
      log.info({ reason: parsed.reason }, `${spec.rmm} webhook ignored`);
      return void res.status(200).json({ ignored: true, reason: parsed.reason });
    }
    if (!parsed.ok) return fail(res, 400, 'bad_payload', parsed.message);
    const signal: RmmSignal = {
      id: randomUUID(),
      installationId: spec.installationId,
      source: spec.rmm,
      kind: 'alert',
      deliveryKey: parsed.deliveryKey,
      action: parsed.action.slice(0, 64),
      ...(parsed.alert.psaTicketId ? { ticketId: parsed.alert.psaTicketId } : {}),
      ...(parsed.alert.organisationHint ? { companyHint: parsed.alert.organisationHint } : {}),
      receivedAt: now().toISOString(),
      alert: parsed.alert,
    };
    let stored;
    try {
      stored = await spec.intake(signal);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), deliveryKey: signal.deliveryKey }, `could not store ${spec.rmm} webhook`);
      return fail(res, 503, 'unavailable', 'the alert could not be stored; re-send it later');
    }
    const ref = { signalId: signal.id, deliveryKey: signal.deliveryKey, alertId: parsed.alert.alertId, status: parsed.alert.status, deviceId: parsed.alert.deviceId };
    if (!stored.inserted) {
      log.info(ref, `${spec.rmm} alert re-delivered; already stored`);
      return void res.status(200).json({ duplicate: true });
    }
    log.info(ref, `${spec.rmm} alert accepted`);
    res.status(202).json({ accepted: true, signalId: signal.id });
  };
}

/** A zod issue as one line for the 400 answer (the path says which field; no values echoed back). */
export function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `invalid payload at '${issue.path.map(String).join('.') || '(root)'}': ${issue.message}` : 'invalid payload';
}

/** Template variables an RMM left empty (no check on this alert) read as absent. */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** An RMM's time text, as ISO 8601 when it parses; otherwise absent (never a reason to refuse the alert). */
export function isoOrUndefined(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'number' ? (v < 1e12 ? v * 1000 : v) : Date.parse(v.replace(/^(\d{4}-\d\d-\d\d) /, '$1T'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
