import { describe, expect, it } from 'vitest';
import { parseExchangeSize } from './exchange-size.js';

describe('parseExchangeSize', () => {
  it('reads the exact byte count from Exchange size strings', () => {
    expect(parseExchangeSize('49.5 GB (53,150,220,288 bytes)')).toBe(53_150_220_288);
    expect(parseExchangeSize('3.322 KB (3,402 bytes)')).toBe(3402);
    expect(parseExchangeSize('0 B (0 bytes)')).toBe(0);
    expect(parseExchangeSize(' 100 GB (107,374,182,400 bytes) ')).toBe(107_374_182_400);
  });

  it('maps Unlimited to null', () => {
    expect(parseExchangeSize('Unlimited')).toBeNull();
    expect(parseExchangeSize('unlimited')).toBeNull();
  });

  it('refuses anything else rather than guessing', () => {
    for (const bad of ['', '50 GB', '50GB', 'lots (many bytes)', undefined, null, -1, 1.5]) {
      expect(() => parseExchangeSize(bad)).toThrow(/not an Exchange size/);
    }
  });
});
