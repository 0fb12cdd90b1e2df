import { describe, expect, it } from 'vitest';
import { createSealer, sealerFromEnv } from './run-sealer.js';
import { redactLinks, redactLinksDeep } from './redact-links.js';

const URL = 'https://app.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe('sealed run state', () => {
  it('opens with the same secret and context only; the blob holds neither the value nor the key', () => {
    const secret = 'k'.repeat(40);
    const blob = createSealer(secret).seal('run:r1', { linkUrl: URL });
    const stored = JSON.stringify(blob);
    expect(stored).not.toContain('AbCdEfGhIj');
    expect(stored).not.toContain(secret);
    // Another instance with the same configured secret opens it; a copy of the store alone cannot.
    expect(createSealer(secret).open('run:r1', blob)).toEqual({ linkUrl: URL });
    expect(createSealer('x'.repeat(40)).open('run:r1', blob)).toBeNull();
    expect(createSealer(secret).open('run:r2', blob)).toBeNull();
    const flipped = { ...blob, ciphertext: Buffer.from(Buffer.from(blob.ciphertext, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64') };
    expect(createSealer(secret).open('run:r1', flipped)).toBeNull();
  });

  it('needs a configured secret of at least 32 characters', () => {
    const config = { approvalLinkSecretEnv: 'TICKETFIX_LINK_SECRET' };
    expect(sealerFromEnv({}, config)).toBeUndefined();
    expect(sealerFromEnv({ TICKETFIX_LINK_SECRET: 'short' }, config)).toBeUndefined();
    expect(sealerFromEnv({ TICKETFIX_LINK_SECRET: 's'.repeat(32) }, config)).toBeDefined();
  });
});

describe('link redaction', () => {
  it('withholds every one-time link token in text and nested data', () => {
    expect(redactLinks(`open ${URL} now`)).toBe('open https://app.example/p/[one-time link withheld] now');
    expect(redactLinksDeep({ a: [`x ${URL}`], n: 3 })).toEqual({ a: ['x https://app.example/p/[one-time link withheld]'], n: 3 });
    expect(redactLinks('/p/short')).toBe('/p/short');
  });
});
