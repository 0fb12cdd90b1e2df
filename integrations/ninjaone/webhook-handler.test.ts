import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRmmWebhookHarness, type RmmWebhookHarness } from '../rmm-test-kit.js';
import { NINJA_TEST_ENV, ninjaTestInstall, ninjaTestSetup } from '../../test/support/ninjaone/test-kit.js';

const probe = ninjaTestSetup();
const install = ninjaTestInstall('ninja-a', {}, probe.sim.conditionUid);
const unconfigured = ninjaTestInstall('ninja-c', { webhookSecretEnv: 'UNSET_SECRET' });
const headers = { 'X-Ticketfix-Secret': NINJA_TEST_ENV.NINJA_WEBHOOK_SECRET };
let h: RmmWebhookHarness;
const server = setupServer();
beforeAll(async () => {
  h = await startRmmWebhookHarness([install, unconfigured], NINJA_TEST_ENV, { maxBodyBytes: 4096 });
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

const activity = (over: Record<string, unknown> = {}) => ({
  id: 9101,
  activityTime: 1795900000.5,
  deviceId: 5001,
  severity: 'MAJOR',
  priority: 'HIGH',
  seriesUid: 'series-1',
  activityType: 'CONDITION',
  statusCode: 'TRIGGERED',
  status: 'Triggered',
  sourceConfigUid: probe.sim.conditionUid('Spooler'),
  sourceName: 'Windows Service - Spooler',
  message: 'stopped',
  device: { id: 5001, organizationId: 101, systemName: 'CONTOSO-WS01' },
  ...over,
});

describe('NinjaOne webhook', () => {
  it('the simulator posts a TRIGGERED then a RESET activity over HTTP when a service stops and starts', async () => {
    const t = ninjaTestSetup({ sim: { webhook: { url: h.urlFor(install), headers: [{ name: 'X-Ticketfix-Secret', value: NINJA_TEST_ENV.NINJA_WEBHOOK_SECRET }] } } });
    server.resetHandlers(...t.sim.handlers, http.all(`${h.origin}/*`, () => passthrough()));
    const control = (action: string) => fetch(`${t.sim.baseUrl}/v2/device/5101/windows-service/FabrikamSync/control`, { method: 'POST', headers: { ...t.sim.authHeaders(), 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
    expect((await control('STOP')).status).toBe(204);
    await t.sim.flushWebhooks();
    expect((await control('START')).status).toBe(204);
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.map((d) => [d.event, d.status])).toEqual([
      ['failure', 202],
      ['resolved', 202],
    ]);
    expect(h.stored.map((s) => s.alert)).toMatchObject([
      { rmm: 'ninjaone', status: 'failing', category: 'service_stopped', serviceName: 'FabrikamSync', deviceId: '5101', organisationHint: '102', deviceName: 'FABRIKAM-WS01' },
      { rmm: 'ninjaone', status: 'resolved', category: 'service_stopped', serviceName: 'FabrikamSync', deviceId: '5101' },
    ]);
    expect(h.stored[0]!.alert.alertId).toBe(h.stored[1]!.alert.alertId);
  });

  it('one signal per activity id: a re-delivery is a 200 duplicate', async () => {
    expect((await h.post(install, activity(), headers)).status).toBe(202);
    expect(await h.post(install, activity(), headers)).toMatchObject({ status: 200, json: { duplicate: true } });
    expect(h.stored).toHaveLength(1);
  });

  it('an unmapped condition is category other; a non-condition activity is acknowledged and not stored', async () => {
    expect((await h.post(install, activity({ id: 1, sourceConfigUid: 'unknown-condition' }), headers)).status).toBe(202);
    expect(h.stored[0]!.alert).toMatchObject({ category: 'other', serviceName: undefined });
    expect(await h.post(install, activity({ id: 2, activityType: 'ACTION', statusCode: 'ACTION_COMPLETED' }), headers)).toMatchObject({ status: 200, json: { ignored: true } });
    expect(h.stored).toHaveLength(1);
  });

  it.each([
    ['no header', {}],
    ['a wrong secret', { 'X-Ticketfix-Secret': 'nope' }],
  ])('401 with %s, nothing stored', async (_n, hdrs) => {
    expect((await h.post(install, activity(), hdrs)).status).toBe(401);
    expect(h.stored).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{', 'bad_json'],
    ['a string device id', JSON.stringify(activity({ deviceId: 'abc' })), 'deviceId'],
    ['no activity id', JSON.stringify(activity({ id: undefined })), 'id'],
  ])('400 for %s', async (_n, body, needle) => {
    const r = await h.post(install, body, headers);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain(needle);
    expect(h.stored).toHaveLength(0);
  });

  it('413 oversized, 500 without a configured secret', async () => {
    expect((await h.post(install, activity({ message: 'x'.repeat(5000) }), headers)).status).toBe(413);
    expect((await h.post(unconfigured, activity(), headers)).status).toBe(500);
    expect(h.stored).toHaveLength(0);
  });
});
