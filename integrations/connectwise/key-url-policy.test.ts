import { describe, expect, it } from 'vitest';
import { checkKeyUrl } from './key-url-policy.js';

const cloud = { baseUrl: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0', keyHosts: ['keys.partner.example'] };
const sandbox = { baseUrl: 'http://127.0.0.1:4010/sim/connectwise/v4_6_release/apis/3.0', keyHosts: [] };

describe('checkKeyUrl', () => {
  it.each([
    ['https://api-na.myconnectwise.net/v4_6_release/apis/3.0/system/callbackkeys/abc', cloud],
    ['https://api-eu.myconnectwise.net/key/1', cloud],
    ['https://keys.partner.example/k', cloud],
    ['http://127.0.0.1:4010/sim/connectwise/v4_6_release/apis/3.0/system/callbackkeys/x', sandbox],
  ])('allows %s', (url, config) => {
    expect(checkKeyUrl(url, config)).toEqual({ ok: true, url });
  });

  it.each([
    ['http://api-na.myconnectwise.net/key', cloud, /not allowed over http/],
    ['https://evil.example/key', cloud, /not an allowed/],
    ['https://myconnectwise.net.evil.example/key', cloud, /not an allowed/],
    ['https://evilmyconnectwise.net/key', cloud, /not an allowed/],
    ['https://api-na.myconnectwise.net:8443/key', cloud, /not an allowed/],
    ['https://user:pw@api-na.myconnectwise.net/key', cloud, /credentials/],
    ['http://127.0.0.1:4011/other-port', sandbox, /not allowed over http/],
    ['http://localhost:4010/sim', sandbox, /not allowed over http/],
    ['https://127.0.0.1:4010/sim', sandbox, /not an allowed/],
    ['file:///etc/passwd', cloud, /not allowed over file/],
    ['not a url', cloud, /not a URL/],
  ])('rejects %s', (url, config, reason) => {
    const decision = checkKeyUrl(url, config);
    expect(decision.ok).toBe(false);
    expect(decision.ok ? '' : decision.reason).toMatch(reason);
  });
});
