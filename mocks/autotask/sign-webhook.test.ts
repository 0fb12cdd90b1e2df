import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { autotaskEscapeJson, autotaskJson, signWebhookBody } from './sign-webhook.js';

describe("Autotask's webhook JSON escaping", () => {
  it('escapes & < > \' ` + and non-ASCII inside strings as upper-case \\uXXXX, and quotes as \\u0022', () => {
    const json = JSON.stringify({ t: `a&b<c>d'e\`f+g"h\\i é 😀`, n: 1, k: ['<x>'] });
    expect(autotaskEscapeJson(json)).toBe(String.raw`{"t":"a\u0026b\u003Cc\u003Ed\u0027e\u0060f\u002Bg\u0022h\\i \u00E9 \uD83D\uDE00","n":1,"k":["\u003Cx\u003E"]}`);
  });

  it('leaves structure and already-escaped text unchanged (idempotent), and round-trips through JSON.parse', () => {
    const value = { Action: 'Update', Fields: { title: `5 > 4 & "ok" + ü` }, Id: 7 };
    const once = autotaskJson(value);
    expect(autotaskEscapeJson(once)).toBe(once);
    expect(JSON.parse(once)).toEqual(value);
    expect(autotaskJson({ a: 'plain' })).toBe('{"a":"plain"}');
  });

  it('signs as sha1=base64(HMAC-SHA1(secret, body))', () => {
    const body = autotaskJson({ Id: 1 });
    expect(signWebhookBody(body, 'k')).toBe(`sha1=${createHmac('sha1', 'k').update(body).digest('base64')}`);
  });
});
