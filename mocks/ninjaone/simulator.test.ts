import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNinjaOneSimulator } from './simulator.js';

const BASE = 'https://oc.ninjarmm.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

const token = (form: Record<string, string>, type = 'application/x-www-form-urlencoded') =>
  fetch(`${BASE}/ws/oauth/token`, { method: 'POST', headers: { 'Content-Type': type }, body: type.includes('json') ? JSON.stringify(form) : new URLSearchParams(form) });

describe('NinjaOne simulator', () => {
  it('issues client-credentials tokens from a form only, with the management scope', async () => {
    const sim = createNinjaOneSimulator({ baseUrl: BASE, clientId: 'c', clientSecret: 's' });
    server.resetHandlers(...sim.handlers);
    const good = { grant_type: 'client_credentials', client_id: 'c', client_secret: 's', scope: 'monitoring management control' };
    expect((await token(good, 'application/json')).status).toBe(400);
    expect((await token({ ...good, client_secret: 'x' })).status).toBe(401);
    expect((await token({ ...good, scope: 'monitoring' })).status).toBe(400);
    const ok = await token(good);
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    expect((await fetch(`${BASE}/v2/device/5001`, { headers: { Authorization: `Bearer ${access_token}` } })).status).toBe(200);
    expect((await fetch(`${BASE}/v2/device/5001`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('PUT /v2/webhook registers where activities go; a condition change is logged as an activity', async () => {
    const sim = createNinjaOneSimulator({ baseUrl: BASE, clientId: 'c', clientSecret: 's' });
    // Nothing listens there: the delivery is attempted over real HTTP and logged as failed.
    server.resetHandlers(...sim.handlers, http.all('http://127.0.0.1:9/*', () => passthrough()));
    const put = await fetch(`${BASE}/v2/webhook`, { method: 'PUT', headers: { ...sim.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/nowhere', activities: { CONDITION: ['TRIGGERED', 'RESET'] }, headers: [{ name: 'X-A', value: 'b' }] }) });
    expect(put.status).toBe(204);
    sim.fleet.crashService('LAB-PC01', 'Spooler');
    await sim.flushWebhooks();
    expect(sim.activities.at(-1)).toMatchObject({ activityType: 'CONDITION', statusCode: 'TRIGGERED', deviceId: 5901, sourceConfigUid: sim.conditionUid('Spooler') });
    expect(sim.deliveries).toHaveLength(1);
    expect(sim.deliveries[0]).toMatchObject({ url: 'http://127.0.0.1:9/nowhere', status: null });
  });
});
