import { describe, expect, it } from 'vitest';
import { isLoopbackHost, refusedOutsideUrl } from './outside-url-policy.js';

const STRICT = { allowHttpLoopback: false };
const OPTED_IN = { allowHttpLoopback: true };

describe('outside URL policy', () => {
  it('https always passes; plain http only to a loopback address and only under the opt-in', () => {
    const rows: [string, boolean, boolean][] = [
      // url, allowed strict, allowed with the loopback opt-in
      ['https://api-na.myconnectwise.net/v4_6_release/apis/3.0', true, true],
      ['https://127.0.0.1:8443/x', true, true],
      ['http://api-na.myconnectwise.net/v4_6_release/apis/3.0', false, false],
      ['http://login.microsoftonline.com/x/oauth2/v2.0/token', false, false],
      ['http://127.0.0.1:3000/sim/connectwise', false, true],
      ['http://127.9.8.7:3000/', false, true],
      ['http://[::1]:3000/', false, true],
      ['http://[::ffff:127.0.0.1]:3000/', false, true],
      // Names are not trusted to resolve to loopback; nor are look-alikes.
      ['http://localhost:3000/', false, false],
      ['http://127.0.0.1.nip.io/', false, false],
      ['http://10.0.0.1/', false, false],
      ['http://0.0.0.0:3000/', false, false],
      ['ftp://127.0.0.1/key', false, false],
      ['not a url', false, false],
    ];
    const seen = rows.map(([url]) => [url, refusedOutsideUrl(url, STRICT) === null, refusedOutsideUrl(url, OPTED_IN) === null]);
    expect(seen).toEqual(rows);
  });

  it('a refusal names scheme and host, never the path or query (they can carry tokens)', () => {
    const reason = refusedOutsideUrl('http://evil.example:8080/keys/secret-path?token=abc', OPTED_IN);
    expect(reason).toBe('plain http to evil.example:8080 is not allowed (https only)');
  });

  it('loopback means literal loopback addresses', () => {
    expect(['127.0.0.1', '[::1]', '::1', '127.255.255.254'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['localhost', '128.0.0.1', '::2', 'example.com', ''].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });
});
