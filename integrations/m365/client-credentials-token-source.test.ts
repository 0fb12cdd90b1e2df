import { beforeEach, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { createClientCredentialsTokenSource } from './client-credentials-token-source.js';
import { CONTOSO, FABRIKAM, SANDBOX_URLS, createM365Simulator, mswForM365, recordingSleep } from '../../test/support/m365/m365-test-kit.js';

const msw = mswForM365();
let sim: M365Simulator;
beforeEach(() => {
  sim = msw.use(createM365Simulator({ urls: SANDBOX_URLS }));
});

const logins = () => sim.calls.filter((c) => c.system === 'login');
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { tid: string; aud: string };

function source(overrides: { clientSecret?: string; now?: () => number; sleep?: (ms: number) => Promise<void> } = {}) {
  return createClientCredentialsTokenSource({ clientId: sim.app.clientId, clientSecret: sim.app.clientSecret, authorityHost: SANDBOX_URLS.authority, ...overrides });
}

describe('direct client-credentials token source (http authority)', () => {
  it('gets a token per tenant and resource, each from that tenant\'s token endpoint', async () => {
    const tokens = source();
    const graphA = await tokens.getToken(CONTOSO, 'graph');
    const exoA = await tokens.getToken(CONTOSO, 'exchange');
    const graphB = await tokens.getToken(FABRIKAM, 'graph');
    expect(claims(graphA)).toMatchObject({ tid: CONTOSO, aud: 'https://graph.microsoft.com' });
    expect(claims(exoA)).toMatchObject({ tid: CONTOSO, aud: 'https://outlook.office365.com' });
    expect(claims(graphB)).toMatchObject({ tid: FABRIKAM });
    expect(logins().map((c) => c.path)).toEqual([
      `/sim/login/${CONTOSO}/oauth2/v2.0/token`,
      `/sim/login/${CONTOSO}/oauth2/v2.0/token`,
      `/sim/login/${FABRIKAM}/oauth2/v2.0/token`,
    ]);
  });

  it('caches until five minutes before expiry, then fetches a new one', async () => {
    let clock = 1_000_000;
    const tokens = source({ now: () => clock });
    const first = await tokens.getToken(CONTOSO, 'graph');
    clock += 3599_000 - 301_000;
    expect(await tokens.getToken(CONTOSO, 'graph')).toBe(first);
    expect(logins()).toHaveLength(1);
    clock += 2_000;
    expect(await tokens.getToken(CONTOSO, 'graph')).not.toBe(first);
    expect(logins()).toHaveLength(2);
  });

  it('shares one request between concurrent callers, and forceRefresh bypasses the cache', async () => {
    const tokens = source();
    const [a, b] = await Promise.all([tokens.getToken(CONTOSO, 'exchange'), tokens.getToken(CONTOSO, 'exchange')]);
    expect(a).toBe(b);
    expect(logins()).toHaveLength(1);
    expect(await tokens.getToken(CONTOSO, 'exchange', { forceRefresh: true })).not.toBe(a);
    expect(logins()).toHaveLength(2);
  });

  it('fails on a wrong secret with an error that never contains the secret', async () => {
    const secret = 'wrong-but-still-secret-value-123';
    const err = await source({ clientSecret: secret }).getToken(CONTOSO, 'graph').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect((err as OutsideApiError).status).toBe(401);
    expect((err as OutsideApiError).retryable).toBe(false);
    expect((err as Error).message).toContain('invalid_client');
    expect(`${(err as Error).message} ${(err as Error).stack} ${JSON.stringify(err)}`).not.toContain(secret);
  });

  it('honours Retry-After on a throttled token endpoint', async () => {
    const { sleep, waits } = recordingSleep();
    sim.faults.throttleNext(1, 4, { system: 'login' });
    await source({ sleep }).getToken(CONTOSO, 'graph');
    expect(waits).toEqual([4000]);
    expect(logins().map((c) => c.status)).toEqual([429, 200]);
  });

  it('refuses tenant aliases and path tricks before any request', async () => {
    const tokens = source();
    for (const bad of ['common', 'organizations', '../x', `${CONTOSO}/oauth2`]) {
      await expect(tokens.getToken(bad, 'graph')).rejects.toThrow(/not a tenant id/);
    }
    expect(sim.calls).toEqual([]);
  });
});
