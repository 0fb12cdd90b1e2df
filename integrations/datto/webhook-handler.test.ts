import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRmmWebhookHarness, type RmmWebhookHarness } from '../rmm-test-kit.js';
import { DATTO_TEST_ENV, dattoTestInstall, dattoTestSetup } from '../../test/support/datto/test-kit.js';
import { DATTO_SECRET_HEADER, dattoWebhookPayload } from './webhook-template.js';

const install = dattoTestInstall('datto-a');
const unconfigured = dattoTestInstall('datto-c', { webhookSecretEnv: 'UNSET_SECRET' });
const headers = { [DATTO_SECRET_HEADER]: DATTO_TEST_ENV.DATTO_WEBHOOK_SECRET };
let h: RmmWebhookHarness;
const server = setupServer();
beforeAll(async () => {
  h = await startRmmWebhookHarness([install, unconfigured], DATTO_TEST_ENV, { maxBodyBytes: 4096 });
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await h.close();
});
beforeEach(() => {
  h.stored.length = 0;
});
afterEach(() => server.resetHandlers());

const body = (over: Record<string, unknown> = {}) => ({ event: 'triggered', alertUid: '0e4c1b7a-aaaa-4bbb-8ccc-000000000001', priority: 'High', message: 'Service Print Spooler is not running', deviceId: '15001', hostname: 'CONTOSO-WS01', site: 'Contoso Ltd', category: 'service_stopped', serviceName: 'Spooler', ...over });

describe('Datto webhook', () => {
  it('a monitor webhook (bracket template) fires over HTTP when a service stops through a quick job, and resolved when it runs again', async () => {
    const hook = { url: h.urlFor(install), headers, triggeredBody: dattoWebhookPayload('triggered', { category: 'service_stopped', serviceName: 'W32Time' }), resolvedBody: dattoWebhookPayload('resolved', { category: 'service_stopped', serviceName: 'W32Time' }) };
    const t = dattoTestSetup({ sim: { monitorWebhooks: { W32Time: hook } } });
    server.resetHandlers(...t.sim.handlers, http.all(`${h.origin}/*`, () => passthrough()));
    t.sim.fleet.crashService('FABRIKAM-WS01', 'W32Time');
    await t.sim.flushWebhooks();
    expect(await t.adapter.restartService('3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5101', 'W32Time')).toMatchObject({ status: 'completed' });
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.map((d) => [d.event, d.status])).toEqual([
      ['failure', 202],
      ['resolved', 202],
    ]);
    expect(h.stored.map((s) => s.alert)).toMatchObject([
      { rmm: 'datto', status: 'failing', category: 'service_stopped', serviceName: 'W32Time', deviceId: '15101', deviceName: 'FABRIKAM-WS01' },
      { rmm: 'datto', status: 'resolved', serviceName: 'W32Time' },
    ]);
    expect(h.stored[0]!.alert.checkId).toBe(t.sim.alerts[0]!.alertUid);
  });

  it('accepts the secret as ?token= where headers cannot be set; a re-delivery is a duplicate', async () => {
    const r = await fetch(`${h.urlFor(install)}?token=${DATTO_TEST_ENV.DATTO_WEBHOOK_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) });
    expect(r.status).toBe(202);
    expect(await h.post(install, body(), headers)).toMatchObject({ status: 200, json: { duplicate: true } });
    expect(h.stored).toHaveLength(1);
  });

  it.each([
    ['no secret', {}],
    ['a wrong secret', { [DATTO_SECRET_HEADER]: 'nope' }],
  ])('401 with %s', async (_n, hdrs) => {
    expect((await h.post(install, body(), hdrs)).status).toBe(401);
    expect(h.stored).toHaveLength(0);
  });

  it.each([
    ['an unfilled template variable as device', body({ deviceId: '[device_id]' }), 'deviceId'],
    ['a bad alert uid', body({ alertUid: 'x' }), 'alertUid'],
    ['service_stopped without a service', body({ serviceName: '' }), 'serviceName'],
    ['an unknown event', body({ event: 'maybe' }), 'event'],
  ])('400 for %s', async (_n, b, needle) => {
    const r = await h.post(install, b, headers);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain(needle);
    expect(h.stored).toHaveLength(0);
  });

  it('413 oversized, 500 without a configured secret', async () => {
    expect((await h.post(install, body({ message: 'x'.repeat(5000) }), headers)).status).toBe(413);
    expect((await h.post(unconfigured, body(), headers)).status).toBe(500);
    expect(h.stored).toHaveLength(0);
  });
});
