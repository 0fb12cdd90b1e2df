import { describe, expect, it } from 'vitest';
import { formatExchangeSize, parseQuotaInput } from './exchange-size-format.js';

describe('Exchange size notation', () => {
  it('formats like Exchange: binary units, up to three decimals, byte count with commas', () => {
    expect(formatExchangeSize(53_150_220_288)).toBe('49.5 GB (53,150,220,288 bytes)');
    expect(formatExchangeSize(53_687_091_200)).toBe('50 GB (53,687,091,200 bytes)');
    expect(formatExchangeSize(3402)).toBe('3.322 KB (3,402 bytes)');
    expect(formatExchangeSize(0)).toBe('0 B (0 bytes)');
    expect(formatExchangeSize(1023)).toBe('1023 B (1,023 bytes)');
    expect(formatExchangeSize(null)).toBe('Unlimited');
  });

  it('parses what Set-Mailbox accepts and refuses the rest', () => {
    expect(parseQuotaInput('60GB')).toBe(60 * 1024 ** 3);
    expect(parseQuotaInput('60 gb')).toBe(60 * 1024 ** 3);
    expect(parseQuotaInput('49.5GB')).toBe(53_150_220_288);
    expect(parseQuotaInput('61440MB')).toBe(60 * 1024 ** 3);
    expect(parseQuotaInput('1073741824')).toBe(1024 ** 3);
    expect(parseQuotaInput('Unlimited')).toBeNull();
    expect(parseQuotaInput('lots')).toBeUndefined();
    expect(parseQuotaInput('-5GB')).toBeUndefined();
    expect(parseQuotaInput({})).toBeUndefined();
  });
});
