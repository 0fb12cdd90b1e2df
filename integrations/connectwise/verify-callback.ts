import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { ConnectWiseInstallation } from '../../src/config/schema.js';
import { checkKeyUrl } from './key-url-policy.js';
import type { CallbackEnvelope } from './parse-callback.js';
import type { SigningKeyFetcher } from './signing-key-fetcher.js';
import { signatureMatches } from './verify-signature.js';

export type VerifyOutcome = { ok: true } | { ok: false; status: 401 | 503; message: string };

export interface VerifyCallbackInput {
  raw: Buffer;
  signature: string;
  envelope: CallbackEnvelope;
  installation: ConnectWiseInstallation;
  keys: SigningKeyFetcher;
  /** A mismatch with a cached key at least this old refetches once (key rotation). */
  minRefreshMs: number;
  now: () => number;
}

/**
 * Verifies a callback: right CW company, allowed key_url host (checked before any fetch),
 * then the HMAC over the raw bytes. A key that cannot be fetched is a 503 so CW may retry;
 * everything else that fails is a 401.
 */
export async function verifyCallback(input: VerifyCallbackInput): Promise<VerifyOutcome> {
  const cw = input.installation.connectwise;
  // Any CW tenant can sign with its own key from a genuine CW host, so the company must be ours.
  if (input.envelope.CompanyId.toLowerCase() !== cw.companyId.toLowerCase()) {
    return { ok: false, status: 401, message: 'callback is for a different ConnectWise company' };
  }
  const decision = checkKeyUrl(input.envelope.Metadata.key_url, cw);
  if (!decision.ok) return { ok: false, status: 401, message: decision.reason };
  let entry;
  try {
    entry = await input.keys.get(decision.url);
  } catch (err) {
    return keyFetchFailure(err);
  }
  if (signatureMatches(input.raw, input.signature, entry.key)) return { ok: true };
  if (input.now() - entry.fetchedAt < input.minRefreshMs) return { ok: false, status: 401, message: 'signature does not match' };
  try {
    entry = await input.keys.get(decision.url, { refresh: true });
  } catch (err) {
    return keyFetchFailure(err);
  }
  return signatureMatches(input.raw, input.signature, entry.key) ? { ok: true } : { ok: false, status: 401, message: 'signature does not match' };
}

/**
 * A key host that answers "no such key" (4xx, or not a key) makes the callback a forgery: 401.
 * Only a host that could not answer (network, 5xx, 429) earns a 503 so ConnectWise retries.
 */
function keyFetchFailure(err: unknown): VerifyOutcome {
  if (err instanceof OutsideApiError && !err.retryable) return { ok: false, status: 401, message: 'ConnectWise has no signing key at key_url' };
  return { ok: false, status: 503, message: 'the signing key could not be fetched from ConnectWise; retry later' };
}
