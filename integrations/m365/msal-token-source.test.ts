import { beforeEach, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { REAL_M365_URLS, type M365Simulator } from '../../mocks/m365/index.js';
import { createMsalTokenSource } from './msal-token-source.js';
import { CONTOSO, FABRIKAM, createM365Simulator, mswForM365 } from '../../test/support/m365/m365-test-kit.js';

// msal-node against the real authority host, intercepted by msw (msal uses node's https module).
const msw = mswForM365();
let sim: M365Simulator;
beforeEach(() => {
  sim = msw.use(createM365Simulator());
});

const logins = () => sim.calls.filter((c) => c.system === 'login');
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { tid: string; aud: string };
const source = (clientSecret = sim.app.clientSecret, authorityHost = REAL_M365_URLS.authority) => createMsalTokenSource({ clientId: sim.app.clientId, clientSecret, authorityHost });

describe('msal-node token source (https authority)', () => {
  it('asks each tenant\'s own authority, never common or organizations', async () => {
    const tokens = source();
    expect(claims(await tokens.getToken(CONTOSO, 'graph'))).toMatchObject({ tid: CONTOSO, aud: 'https://graph.microsoft.com' });
    expect(claims(await tokens.getToken(FABRIKAM, 'exchange'))).toMatchObject({ tid: FABRIKAM, aud: 'https://outlook.office365.com' });
    expect(logins().map((c) => [c.method, c.path])).toEqual([
      ['POST', `/${CONTOSO}/oauth2/v2.0/token`],
      ['POST', `/${FABRIKAM}/oauth2/v2.0/token`],
    ]);
  });

  it('serves repeat requests from msal\'s cache, per tenant and resource', async () => {
    const tokens = source();
    const a = await tokens.getToken(CONTOSO, 'graph');
    expect(await tokens.getToken(CONTOSO, 'graph')).toBe(a);
    const b = await tokens.getToken(FABRIKAM, 'graph');
    expect(b).not.toBe(a);
    expect(await tokens.getToken(FABRIKAM, 'graph')).toBe(b);
    expect(logins()).toHaveLength(2);
    expect(await tokens.getToken(CONTOSO, 'graph', { forceRefresh: true })).not.toBe(a);
    expect(logins()).toHaveLength(3);
  });

  it('maps a wrong secret to OutsideApiError with the AADSTS line and without the secret', async () => {
    const secret = 'msal-wrong-secret-value-456';
    const err = await source(secret).getToken(CONTOSO, 'graph').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect((err as OutsideApiError).status).toBe(401);
    expect((err as Error).message).toMatch(/invalid_client: AADSTS7000215: Invalid client secret provided/);
    expect((err as Error).message).not.toMatch(/Trace ID/);
    expect(`${(err as Error).message} ${JSON.stringify(err)}`).not.toContain(secret);
  });

  it('reports a tenant that withdrew consent as not retryable', async () => {
    sim.revokeConsent(FABRIKAM);
    const err = (await source().getToken(FABRIKAM, 'exchange').catch((e: unknown) => e)) as OutsideApiError;
    expect(err.message).toContain('AADSTS700016');
    expect(err.retryable).toBe(false);
  });

  it('discovers a non-Microsoft https authority through its OpenID document', async () => {
    const custom = { ...REAL_M365_URLS, authority: 'https://login.sim.test' };
    sim = msw.use(createM365Simulator({ urls: custom }));
    const token = await source(sim.app.clientSecret, custom.authority).getToken(CONTOSO, 'graph');
    expect(claims(token).tid).toBe(CONTOSO);
    expect(logins().map((c) => [c.method, c.path])).toEqual([
      ['GET', `/${CONTOSO}/v2.0/.well-known/openid-configuration`],
      ['POST', `/${CONTOSO}/oauth2/v2.0/token`],
    ]);
  });
});
