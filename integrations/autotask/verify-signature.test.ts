import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { autotaskJson, signWebhookBody } from '../../mocks/autotask/sign-webhook.js';
import { autotaskSignatureMatches, reescapeAutotaskJson } from './verify-signature.js';

const SECRET = 'a-webhook-secret-of-32-characters';
const payload = { Action: 'Update', Guid: '3f2c6a1e-0000-4000-8000-000000000001', EntityType: 'Ticket', Id: 52145, Fields: { title: `Zoë's "full" mailbox & <quota> +10 GB`, status: 8 }, EventTime: '2025-01-02T10:11:12Z', SequenceNumber: 17, PersonID: 29682885 };

describe('X-Hook-Signature', () => {
  it('accepts the escaped body Autotask sends, signed over those bytes', () => {
    const body = autotaskJson(payload);
    expect(body).toContain('Zo\\u00EB\\u0027s');
    expect(autotaskSignatureMatches(Buffer.from(body), signWebhookBody(body, SECRET), SECRET)).toBe(true);
  });

  it('accepts a body that arrives unescaped when Autotask signed its escaped form (the quirk), by re-escaping', () => {
    const plain = JSON.stringify(payload);
    const header = signWebhookBody(autotaskJson(payload), SECRET);
    expect(signWebhookBody(plain, SECRET)).not.toBe(header);
    expect(autotaskSignatureMatches(Buffer.from(plain), header, SECRET)).toBe(true);
  });

  it('falls back to the raw bytes when those are what was signed', () => {
    const plain = JSON.stringify(payload);
    expect(autotaskSignatureMatches(Buffer.from(plain), signWebhookBody(plain, SECRET), SECRET)).toBe(true);
  });

  it.each([
    ['another secret', (b: string) => signWebhookBody(b, 'someone-elses-secret')],
    ['a tampered body', (b: string) => signWebhookBody(b.replace('52145', '52146'), SECRET)],
    ['no sha1= prefix', (b: string) => signWebhookBody(b, SECRET).slice(5)],
    ['a sha256 digest', (b: string) => `sha1=${createHmac('sha256', SECRET).update(b).digest('base64')}`],
    ['a truncated digest', (b: string) => signWebhookBody(b, SECRET).slice(0, 20)],
    ['garbage', () => 'sha1=%%%not-base64%%%%%%%%%%%%='],
    ['an empty header', () => ''],
  ])('rejects %s without throwing', (_label, sign) => {
    const body = autotaskJson(payload);
    expect(autotaskSignatureMatches(Buffer.from(body), sign(body), SECRET)).toBe(false);
  });

  it('rejects everything when no secret is configured', () => {
    const body = autotaskJson(payload);
    expect(autotaskSignatureMatches(Buffer.from(body), signWebhookBody(body, ''), '')).toBe(false);
  });

  it('re-escapes exactly like the simulator escapes, and is idempotent', () => {
    const plain = JSON.stringify({ a: `&<>'\`+"\\ é😀`, n: [1, 'x+y'] });
    expect(reescapeAutotaskJson(plain)).toBe(autotaskJson(JSON.parse(plain)));
    expect(reescapeAutotaskJson(reescapeAutotaskJson(plain))).toBe(reescapeAutotaskJson(plain));
  });
});
