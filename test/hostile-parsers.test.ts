import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson as parseAutotaskJson, parsePayload as parseAutotaskPayload, toSignal as autotaskSignal } from '../integrations/autotask/parse-webhook.js';
import { autotaskSignatureMatches } from '../integrations/autotask/verify-signature.js';
import { signWebhookBody } from '../mocks/autotask/sign-webhook.js';
import { parseWebhookBody as parseHaloBody, toSignal as haloSignal } from '../integrations/halopsa/parse-webhook.js';

/** Every webhook parser, fed arbitrary bytes and JSON: a result, never a throw past its boundary. */
const anyBytes = fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a));
const anyJsonBytes = fc.json({ maxDepth: 6 }).map((j) => Buffer.from(j));

function refusesCleanly<T>(fn: () => { ok: boolean; message?: string; value?: T }): boolean {
  const r = fn();
  return r.ok || (typeof r.message === 'string' && r.message.length > 0);
}

describe('Autotask webhook parser', () => {
  it('never throws on arbitrary bytes or JSON, and refuses with a message', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(anyBytes, anyJsonBytes), (raw) => {
        const json = parseAutotaskJson(raw);
        if (!json.ok) return refusesCleanly(() => json);
        const payload = parseAutotaskPayload(json.value);
        if (!payload.ok) return refusesCleanly(() => payload);
        const signal = autotaskSignal(payload.value, 'at', new Date());
        if (signal.ok) accepted++;
        return refusesCleanly(() => signal);
      }),
      { numRuns: 1500 },
    );
    // Random input essentially never forms a valid Autotask event; the signature check is the real gate.
    expect(accepted).toBeLessThan(5);
  });

  it('any change to a signed body breaks the signature; the genuine body passes', () => {
    const body = JSON.stringify({ Action: 'Update', Guid: 'g-1', EntityType: 'Ticket', Id: 52011, Fields: { status: 8, title: 'Mailbox <full> & "urgent"' }, EventTime: '2026-11-26T10:00:00Z', SequenceNumber: 3, PersonID: 29682885 });
    const secret = 'sandbox-autotask-webhook-secret';
    const signature = signWebhookBody(body, secret);
    expect(autotaskSignatureMatches(Buffer.from(body), signature, secret)).toBe(true);
    fc.assert(
      fc.property(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, bits) => {
        const bytes = Buffer.from(body);
        bytes[at] = bytes[at]! ^ bits;
        return !autotaskSignatureMatches(bytes, signature, secret);
      }),
      { numRuns: 500 },
    );
    expect(autotaskSignatureMatches(Buffer.from(body), signature, 'another-secret')).toBe(false);
    expect(autotaskSignatureMatches(Buffer.from(body), 'sha1=short', secret)).toBe(false);
  });
});

describe('HaloPSA webhook parser', () => {
  it('never throws on arbitrary bytes or JSON, and refuses with a message', () => {
    fc.assert(
      fc.property(fc.oneof(anyBytes, anyJsonBytes), (raw) => {
        const parsed = parseHaloBody(raw);
        if (!parsed.ok) return refusesCleanly(() => parsed);
        return parsed.value.every((b) => refusesCleanly(() => haloSignal(b, raw, 'halo', new Date())));
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses batches larger than the limit and deeply nested bodies without throwing', () => {
    const deep = Buffer.from('['.repeat(20_000) + ']'.repeat(20_000));
    expect(refusesCleanly(() => parseHaloBody(deep))).toBe(true);
    const batch = Buffer.from(JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ ticket: { id: i + 1 } }))));
    const r = parseHaloBody(batch);
    expect(r.ok).toBe(false);
  });
});
