import { createHmac, timingSafeEqual } from 'node:crypto';

const ESCAPES: Record<string, string> = { '&': '\\u0026', '<': '\\u003C', '>': '\\u003E', "'": '\\u0027', '`': '\\u0060', '+': '\\u002B' };

/**
 * Re-applies Autotask's JSON escaping to a received body: inside string values `& < > ' \` +`
 * and non-ASCII UTF-16 units become `\uXXXX` (upper-case hex) and `\"` becomes `\u0022`.
 * Autotask signs the escaped form; a body that arrives (or was re-serialised) unescaped only
 * verifies after this (n8n-nodes-autotask helpers/webhook/signature.ts). Idempotent.
 */
export function reescapeAutotaskJson(json: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const unit of json.split('')) {
    if (escaped) {
      out = unit === '"' ? `${out.slice(0, -1)}\\u0022` : out + unit;
      escaped = false;
    } else if (unit === '\\' && inString) {
      escaped = true;
      out += unit;
    } else if (unit === '"') {
      inString = !inString;
      out += unit;
    } else if (inString && ESCAPES[unit]) {
      out += ESCAPES[unit];
    } else if (inString && unit.charCodeAt(0) > 127) {
      out += `\\u${unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += unit;
    }
  }
  return out;
}

/** `sha1=` + base64 of a 20-byte digest. */
const HEADER = /^sha1=([A-Za-z0-9+/]{27}=)$/;

const hmac = (secret: string, body: Uint8Array | string) => createHmac('sha1', secret).update(body).digest();

/**
 * Constant-time check of `X-Hook-Signature: sha1=<base64 HMAC-SHA1(secretKey, body)>` against
 * the raw bytes re-escaped per Autotask's quirk, then against the raw bytes as received. A
 * header of the wrong form or length is "no match", never a throw (a 401, not a 500).
 */
export function autotaskSignatureMatches(raw: Buffer, header: string, secret: string): boolean {
  const match = HEADER.exec(header.trim());
  if (!match?.[1] || !secret) return false;
  const given = Buffer.from(match[1], 'base64');
  const candidates = [hmac(secret, Buffer.from(reescapeAutotaskJson(raw.toString('utf8')), 'utf8')), hmac(secret, raw)];
  // Both are compared every time so the answer takes as long whichever form matched.
  let ok = false;
  for (const expected of candidates) ok = (given.length === expected.length && timingSafeEqual(given, expected)) || ok;
  return ok;
}
