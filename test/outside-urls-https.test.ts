import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSigningKeyFetcher } from '../integrations/connectwise/signing-key-fetcher.js';
import { createConnectWiseClient } from '../integrations/connectwise/connectwise-client.js';
import { createClientCredentialsTokenSource } from '../integrations/m365/client-credentials-token-source.js';
import { ALLOW_HTTP_LOOPBACK_ENV } from '../src/http/outside-url-policy.js';
import { OutsideApiError } from '../src/http/outside-api-error.js';
import { startBait, type Bait } from './support/hostile/bait-server.js';

/**
 * The HTTP seam refuses plain http before anything is sent, for every caller: the integrations
 * do not pass a policy, so these run with the suite's loopback opt-in switched off, as in
 * production. A local server records what reaches it.
 */
describe('no outside call leaves over plain http without the loopback opt-in', () => {
  let bait: Bait;
  const SECRET = 'm365-client-secret-that-must-not-travel';
  beforeAll(async () => {
    bait = await startBait('served-key');
  });
  afterAll(async () => bait?.close());
  const saved = process.env[ALLOW_HTTP_LOOPBACK_ENV];
  beforeEach(() => {
    delete process.env[ALLOW_HTTP_LOOPBACK_ENV];
    bait.hits.length = 0;
  });
  afterEach(() => {
    process.env[ALLOW_HTTP_LOOPBACK_ENV] = saved;
  });

  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OutsideApiError);
    const e = err as OutsideApiError;
    return { retryable: e.retryable, status: e.status, message: e.message };
  };

  it('the ConnectWise signing-key fetch is refused (not retryable: a forged callback gets 401) and never sent', async () => {
    const r = await refusal(createSigningKeyFetcher().get(`${bait.origin}/v4_6_release/apis/3.0/system/callbackkeys/1`));
    expect(r).toEqual({ retryable: false, status: null, message: expect.stringContaining(`plain http to 127.0.0.1:${bait.port} is not allowed`) });
    expect(bait.hits).toEqual([]);
  });

  it('the Microsoft token request is refused before the client secret is sent, and the error does not carry it', async () => {
    const tokens = createClientCredentialsTokenSource({ clientId: 'app', clientSecret: SECRET, authorityHost: `${bait.origin}/login` });
    const r = await refusal(tokens.getToken('6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01', 'graph'));
    expect(r.retryable).toBe(false);
    expect(r.message).not.toContain(SECRET);
    expect(bait.hits).toEqual([]);
  });

  it('a PSA API client on an http base URL sends nothing', async () => {
    const install = { id: 'cw', psa: 'connectwise' as const, connectwise: { baseUrl: `${bait.origin}/v4_6_release/apis/3.0`, companyId: 'msp', clientId: 'c', publicKeyEnv: 'P', privateKeyEnv: 'Q', memberIdentifier: 'm', keyHosts: [] }, statuses: { inProgress: 'a', awaitingApproval: 'b', escalated: 'c', resolved: 'd' } };
    const cw = createConnectWiseClient(install, { env: { P: 'public', Q: 'private' } });
    await refusal(cw.request({ method: 'GET', path: '/system/info', operation: 'info' }));
    expect(bait.hits).toEqual([]);
  });

  it('with the opt-in the same loopback call goes out (so the empty record above means something), and other hosts stay refused', async () => {
    process.env[ALLOW_HTTP_LOOPBACK_ENV] = '1';
    const key = await createSigningKeyFetcher().get(`${bait.origin}/key`);
    expect(key.key).toBe('served-key');
    expect(bait.hits.map((h) => h.url)).toEqual(['/key']);
    const r = await refusal(createSigningKeyFetcher().get('http://keys.example.invalid/key'));
    expect(r.message).toContain('plain http to keys.example.invalid is not allowed (https only)');
  });
});
