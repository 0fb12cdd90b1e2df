import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(key = SHA-256(signing_key), message = raw body bytes)): CW's `x-content-signature`. */
export function computeSignature(rawBody: Uint8Array, signingKey: string): Buffer {
  const key = createHash('sha256').update(signingKey, 'utf8').digest();
  return createHmac('sha256', key).update(rawBody).digest();
}

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Constant-time check of a signature header against the raw bytes. A header of the wrong form
 * or length is simply "no match" (never a throw, so a malformed signature is a 401, not a 500).
 */
export function signatureMatches(rawBody: Uint8Array, header: string, signingKey: string): boolean {
  const trimmed = header.trim();
  if (!BASE64_SHA256.test(trimmed)) return false;
  const given = Buffer.from(trimmed, 'base64');
  const expected = computeSignature(rawBody, signingKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
