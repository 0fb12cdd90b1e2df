import { createHmac } from 'node:crypto';

const ESCAPES: Record<string, string> = { '&': '\\u0026', '<': '\\u003C', '>': '\\u003E', "'": '\\u0027', '`': '\\u0060', '+': '\\u002B' };

/**
 * Autotask serialises webhook JSON the .NET way: inside string values `& < > ' \` +` and every
 * non-ASCII UTF-16 unit are written as `\uXXXX` (upper-case hex), and a quote inside a string is
 * `\u0022` rather than `\"`. Public receivers (n8n-nodes-autotask `helpers/webhook/signature.ts`)
 * re-apply exactly this to the body before computing the HMAC. Applied to text that is already
 * escaped it changes nothing.
 */
export function autotaskEscapeJson(json: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const unit of json.split('')) {
    if (escaped) {
      // `\"` inside a string becomes `\u0022`; every other escape sequence stays as written.
      out = unit === '"' ? `${out.slice(0, -1)}\\u0022` : out + unit;
      escaped = false;
      continue;
    }
    if (unit === '\\' && inString) {
      escaped = true;
      out += unit;
      continue;
    }
    if (unit === '"') {
      inString = !inString;
      out += unit;
      continue;
    }
    const code = unit.charCodeAt(0);
    if (inString && ESCAPES[unit]) out += ESCAPES[unit];
    else if (inString && code > 127) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += unit;
  }
  return out;
}

/** The body Autotask sends: compact JSON, escaped as above. */
export function autotaskJson(value: unknown): string {
  return autotaskEscapeJson(JSON.stringify(value));
}

/** `X-Hook-Signature`: `sha1=` + base64(HMAC-SHA1(secretKey, body)) (Autotask help, SecretKeyPayloadVerification.htm). */
export function signWebhookBody(body: string, secretKey: string): string {
  return `sha1=${createHmac('sha1', secretKey).update(body, 'utf8').digest('base64')}`;
}
