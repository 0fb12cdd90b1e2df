import { describe, expect, it } from 'vitest';
import { signCallbackBody } from '../../mocks/connectwise/sign-callback.js';
import { computeSignature, signatureMatches } from './verify-signature.js';

const body = Buffer.from('{"Action":"updated","Type":"ticket","ID":5001}');
const key = 'c2lnbmluZy1rZXktZm9yLXRlc3Rz';

describe('ConnectWise signature', () => {
  it('agrees with the simulator: base64 HMAC-SHA256 keyed with SHA-256(signing key)', () => {
    const header = signCallbackBody(body, key);
    expect(computeSignature(body, key).toString('base64')).toBe(header);
    expect(signatureMatches(body, header, key)).toBe(true);
    expect(signatureMatches(body, ` ${header} `, key)).toBe(true);
  });

  it('rejects a tampered body, a wrong key and a raw-key (unhashed) HMAC', async () => {
    const header = signCallbackBody(body, key);
    expect(signatureMatches(Buffer.from(body.toString().replace('5001', '5002')), header, key)).toBe(false);
    expect(signatureMatches(body, header, 'another-key')).toBe(false);
    const { createHmac } = await import('node:crypto');
    expect(signatureMatches(body, createHmac('sha256', key).update(body).digest('base64'), key)).toBe(false);
  });

  it.each([['', 'empty'], ['abc', 'short'], ['A'.repeat(88), 'too long'], ['!'.repeat(43) + '=', 'not base64'], [signCallbackBody(body, key).slice(0, -1), 'missing padding']])(
    'returns false (never throws) for a malformed header: %s (%s)',
    (header) => {
      expect(() => signatureMatches(body, header, key)).not.toThrow();
      expect(signatureMatches(body, header, key)).toBe(false);
    },
  );
});
