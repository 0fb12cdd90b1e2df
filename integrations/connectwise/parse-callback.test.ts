import { describe, expect, it } from 'vitest';
import { parseEnvelope, toSignal } from './parse-callback.js';

const entity = { id: 5001, summary: 'Mailbox almost full', company: { id: 250, identifier: 'ContosoLtd' } };
const envelope = (over: Record<string, unknown> = {}) => ({
  Action: 'updated',
  Type: 'ticket',
  ID: 5001,
  CompanyId: 'ticketfixdemo',
  MemberId: 'dispatch',
  FromUrl: 'api-na.myconnectwise.net',
  Entity: JSON.stringify(entity),
  Metadata: { key_url: 'https://api-na.myconnectwise.net/k/1' },
  ...over,
});
const raw = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const at = new Date('2025-03-01T09:00:00Z');

function signalFor(body: unknown) {
  const buf = raw(body);
  const parsed = parseEnvelope(buf);
  if (!parsed.ok) throw new Error(parsed.message);
  return toSignal(parsed.value, buf, 'acme', at, () => 'sig-1');
}

describe('parseEnvelope', () => {
  it.each([
    ['not JSON', '{"Action":', /not valid JSON/],
    ['an array', [], /not a ConnectWise callback/],
    ['no Metadata', envelope({ Metadata: undefined }), /Metadata/],
    ['a non-numeric ID', envelope({ ID: '12; drop' }), /ID/],
    ['an absurd Action', envelope({ Action: 'x'.repeat(65) }), /Action/],
  ])('rejects %s', (_label, body, message) => {
    const result = parseEnvelope(raw(body));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});

describe('toSignal', () => {
  it('builds a ticket Signal with the company from the parsed Entity', () => {
    const result = signalFor(envelope());
    expect(result).toEqual({
      ok: true,
      value: {
        id: 'sig-1',
        installationId: 'acme',
        source: 'connectwise',
        kind: 'ticket',
        deliveryKey: expect.stringMatching(/^connectwise:acme:[0-9a-f]{64}$/),
        action: 'updated',
        ticketId: '5001',
        companyHint: '250',
        receivedAt: '2025-03-01T09:00:00.000Z',
      },
    });
  });

  it('gives a re-delivered identical body the same delivery key, and any change a new one', () => {
    const key = (b: unknown) => (signalFor(b) as { ok: true; value: { deliveryKey: string } }).value.deliveryKey;
    expect(key(envelope())).toBe(key(envelope()));
    expect(key(envelope())).not.toBe(key(envelope({ Entity: JSON.stringify({ ...entity, summary: 'changed' }) })));
  });

  it.each([
    ['Entity not JSON', envelope({ Entity: '{oops' }), /Entity is not a JSON string/],
    ['Entity without id', envelope({ Entity: JSON.stringify({ summary: 'x' }) }), /Entity is not a ticket/],
    ['Entity for another ticket', envelope({ Entity: JSON.stringify({ ...entity, id: 1 }) }), /does not match/],
    ['missing Entity on an update', envelope({ Entity: undefined }), /Entity is required/],
  ])('rejects %s', (_label, body, message) => {
    const result = signalFor(body);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('accepts a delete without Entity (no company hint)', () => {
    const result = signalFor(envelope({ Action: 'deleted', Entity: null }));
    expect(result.ok && result.value).toMatchObject({ action: 'deleted', ticketId: '5001' });
    expect(result.ok && result.value.companyHint).toBeUndefined();
  });
});
