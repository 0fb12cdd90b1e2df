import { createHash, createHmac } from 'node:crypto';

/**
 * ConnectWise's callback signature: base64(HMAC-SHA256(key = SHA-256(signing_key), message =
 * the raw body bytes)), sent in `x-content-signature`.
 */
export function signCallbackBody(body: string | Uint8Array, signingKey: string): string {
  const key = createHash('sha256').update(signingKey, 'utf8').digest();
  return createHmac('sha256', key).update(body).digest('base64');
}
