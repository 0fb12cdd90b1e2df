import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Ticketfix-Signature';
export const TIMESTAMP_HEADER = 'X-Ticketfix-Timestamp';

/** The string the sender signs: `<timestamp>.<raw body>` (the body's bytes exactly as sent). */
export const stringToSign = (timestamp: string, raw: Buffer): Buffer => Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), raw]);

export const signCallback = (secret: string, timestamp: string, raw: Buffer): string => `sha256=${createHmac('sha256', secret).update(stringToSign(timestamp, raw)).digest('hex')}`;

export type SignatureVerdict = { ok: true } | { ok: false; error: 'unsigned' | 'bad_timestamp' | 'stale' | 'bad_signature'; message: string };

/**
 * Checks `X-Ticketfix-Signature: sha256=<hex>` (HMAC-SHA256 over `<timestamp>.<raw body>`) and that
 * `X-Ticketfix-Timestamp` (Unix seconds) is within ±tolerance of our clock, in both directions.
 * The digest comparison is constant-time over fixed-length buffers.
 */
export function verifyCallbackSignature(o: { secret: string; timestamp: string | undefined; signature: string | undefined; raw: Buffer; nowMs: number; toleranceSeconds: number }): SignatureVerdict {
  if (!o.signature || !o.timestamp) return { ok: false, error: 'unsigned', message: `${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} are required` };
  if (!/^\d{1,12}$/.test(o.timestamp)) return { ok: false, error: 'bad_timestamp', message: `${TIMESTAMP_HEADER} must be Unix seconds` };
  const skew = Math.abs(o.nowMs / 1000 - Number(o.timestamp));
  if (skew > o.toleranceSeconds) return { ok: false, error: 'stale', message: `${TIMESTAMP_HEADER} is more than ${o.toleranceSeconds} s from the server's clock` };
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(o.signature.trim());
  const given = m ? Buffer.from(m[1]!, 'hex') : Buffer.alloc(32);
  const expected = createHmac('sha256', o.secret).update(stringToSign(o.timestamp, o.raw)).digest();
  // Compare even a malformed header (against zeros), so timing does not tell the two apart.
  const same = timingSafeEqual(given, expected);
  return same && m ? { ok: true } : { ok: false, error: 'bad_signature', message: `${SIGNATURE_HEADER} does not match the body` };
}
