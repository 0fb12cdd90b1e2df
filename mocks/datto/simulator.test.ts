import { describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createDattoSimulator } from './simulator.js';

const BASE = 'https://vidal-api.centrastage.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

const basic = `Basic ${Buffer.from('public-client:public').toString('base64')}`;
const tokenRequest = (auth: string | null, form: Record<string, string>) =>
  fetch(`${BASE}/auth/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(auth ? { Authorization: auth } : {}) }, body: new URLSearchParams(form) });

describe('Datto simulator', () => {
  it('issues tokens only to Basic public-client:public with the right key and secret (password grant)', async () => {
    const sim = createDattoSimulator({ baseUrl: BASE, apiKey: 'K', apiSecret: 'S', limits: null });
    server.resetHandlers(...sim.handlers);
    expect((await tokenRequest(null, { grant_type: 'password', username: 'K', password: 'S' })).status).toBe(401);
    expect((await tokenRequest(basic, { grant_type: 'client_credentials', username: 'K', password: 'S' })).status).toBe(400);
    expect((await tokenRequest(basic, { grant_type: 'password', username: 'K', password: 'wrong' })).status).toBe(400);
    const ok = await tokenRequest(basic, { grant_type: 'password', username: 'K', password: 'S' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'bearer', expires_in: 360_000 });
    expect((await fetch(`${BASE}/api/v2/account/components`)).status).toBe(401);
  });

  it('enforces the account window: 429 with Retry-After, then a temporary 403 block after repeated breaches', async () => {
    let now = Date.UTC(2026, 0, 1);
    const sim = createDattoSimulator({ baseUrl: BASE, apiKey: 'K', apiSecret: 'S', limits: { max: 2, windowMs: 60_000, blockAfter: 1, blockSeconds: 120 }, now: () => new Date(now) });
    server.resetHandlers(...sim.handlers);
    const call = () => fetch(`${BASE}/api/v2/account/components`, { headers: sim.authHeaders() });
    expect((await call()).status).toBe(200);
    now += 10_000;
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('50');
    expect((await call()).status).toBe(403);
    now += 61_000;
    expect((await call()).status).toBe(403);
    now += 60_000;
    expect((await call()).status).toBe(200);
    expect(sim.calls.map((c) => c.fault ?? c.status)).toEqual([200, 200, 'rateLimit 429', 'rateLimit 403', 'rateLimit 403', 200]);
  });
});
