import { setupServer } from 'msw/node';
import { http, passthrough } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRmmWebhookHarness, type RmmWebhookHarness } from '../rmm-test-kit.js';
import { TACTICAL_FAILURE_BODY, TACTICAL_RESOLVED_BODY, TACTICAL_SECRET_HEADER, tacticalRestHeaders } from './alert-template.js';
import { TACTICAL_TEST_ENV, tacticalTestInstall, tacticalTestSetup } from '../../test/support/tactical/test-kit.js';

const install = tacticalTestInstall('tac-a');
const other = tacticalTestInstall('tac-b', { webhookSecretEnv: 'OTHER_SECRET' });
const unconfigured = tacticalTestInstall('tac-c', { webhookSecretEnv: 'UNSET_SECRET' });
const env = { ...TACTICAL_TEST_ENV, OTHER_SECRET: 'another-installations-secret' };
const secretHeaders = { [TACTICAL_SECRET_HEADER]: TACTICAL_TEST_ENV.TACTICAL_WEBHOOK_SECRET };
let h: RmmWebhookHarness;
const server = setupServer();

beforeAll(async () => {
  h = await startRmmWebhookHarness([install, other, unconfigured], env, { maxBodyBytes: 4096 });
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await h.close();
});
beforeEach(() => {
  h.stored.length = 0;
  h.failIntake = false;
});
afterEach(() => server.resetHandlers());

const good = (over: Record<string, unknown> = {}) => ({
  event: 'failure',
  alert_id: '77',
  alert_type: 'check',
  severity: 'error',
  alert_time: '2026-11-26 20:00:00.123456+00:00',
  message: 'CONTOSO-WS01 has a Service Check - Print Spooler failure',
  agent_id: 'HkXyZqWbLmNoPqRsTuVwXyZ0123456789abcdEF',
  hostname: 'CONTOSO-WS01',
  client_id: '1',
  check_id: '3',
  check_type: 'winsvc',
  service_name: 'Spooler',
  ...over,
});

describe('Tactical webhook: the simulator fires it over real HTTP', () => {
  it('stopping a service through the API fires the failure action; starting it fires resolved: one signal each', async () => {
    const t = tacticalTestSetup({ sim: { alertActions: { url: h.urlFor(install), headers: tacticalRestHeaders(TACTICAL_TEST_ENV.TACTICAL_WEBHOOK_SECRET), failureBody: TACTICAL_FAILURE_BODY, resolvedBody: TACTICAL_RESOLVED_BODY } } });
    server.resetHandlers(...t.sim.handlers, http.all(`${h.origin}/*`, () => passthrough()));
    const agent = t.sim.agentFor('CONTOSO-WS01');
    const svc = (action: string) => fetch(`${t.sim.baseUrl}/services/${agent.agentId}/Spooler/`, { method: 'POST', headers: { ...t.sim.authHeaders(), 'content-type': 'application/json' }, body: JSON.stringify({ sv_action: action }) });
    expect((await svc('stop')).status).toBe(200);
    await t.sim.flushWebhooks();
    expect((await svc('start')).status).toBe(200);
    await t.sim.flushWebhooks();
    expect(t.sim.deliveries.map((d) => [d.event, d.status])).toEqual([
      ['failure', 202],
      ['resolved', 202],
    ]);
    expect(h.stored.map((s) => [s.source, s.kind, s.installationId, s.action, s.companyHint])).toEqual([
      ['tactical', 'alert', 'tac-a', 'failure', '1'],
      ['tactical', 'alert', 'tac-a', 'resolved', '1'],
    ]);
    const [failing, resolved] = h.stored.map((s) => s.alert);
    expect(failing).toMatchObject({ rmm: 'tactical', status: 'failing', category: 'service_stopped', serviceName: 'Spooler', deviceId: agent.agentId, deviceName: 'CONTOSO-WS01', organisationHint: '1' });
    expect(resolved).toMatchObject({ status: 'resolved', alertId: failing!.alertId, checkId: failing!.checkId });
    expect(failing!.raisedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('Tactical webhook: bad deliveries store nothing', () => {
  it('accepts a good delivery once; the same alert event again is a duplicate (200, no second signal)', async () => {
    expect(await h.post(install, good(), secretHeaders)).toMatchObject({ status: 202, json: { accepted: true } });
    expect(await h.post(install, good({ message: 'reworded' }), secretHeaders)).toMatchObject({ status: 200, json: { duplicate: true } });
    expect(h.stored).toHaveLength(1);
  });

  it.each([
    ['no secret', {}],
    ['a wrong secret', { [TACTICAL_SECRET_HEADER]: 'guess' }],
    ["another installation's secret", { [TACTICAL_SECRET_HEADER]: env.OTHER_SECRET }],
  ])('401 with %s', async (_name, headers) => {
    const r = await h.post(install, good(), headers);
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.json)).not.toContain(TACTICAL_TEST_ENV.TACTICAL_WEBHOOK_SECRET);
    expect(h.stored).toHaveLength(0);
  });

  it('checks the secret before parsing: garbage without a secret is 401, not 400', async () => {
    expect((await h.post(install, '{not json', {})).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"event":', 'bad_json'],
    ['no agent', JSON.stringify(good({ agent_id: '' })), 'agent_id'],
    ['unknown event', JSON.stringify(good({ event: 'maybe' })), 'event'],
    ['an agent id with a path in it', JSON.stringify(good({ agent_id: '../admin' })), 'agent_id'],
  ])('400 for %s, naming the field', async (_name, body, needle) => {
    const r = await h.post(install, body, secretHeaders);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain(needle);
    expect(h.stored).toHaveLength(0);
  });

  it('413 for an oversized body', async () => {
    const r = await h.post(install, good({ message: 'x'.repeat(10_000) }), secretHeaders);
    expect(r.status).toBe(413);
    expect(h.stored).toHaveLength(0);
  });

  it('503 when the alert cannot be stored, so Tactical shows the failure', async () => {
    h.failIntake = true;
    expect((await h.post(install, good(), secretHeaders)).status).toBe(503);
  });

  it('500 (and nothing stored) when the secret env var is missing', async () => {
    const r = await h.post(unconfigured, good(), { [TACTICAL_SECRET_HEADER]: '' });
    expect(r).toMatchObject({ status: 500, json: { error: 'misconfigured' } });
    expect(h.stored).toHaveLength(0);
  });

  it('maps a non-service alert (empty check variables) to category other', async () => {
    expect((await h.post(install, good({ alert_id: '78', alert_type: 'availability', check_id: '', check_type: '', service_name: '' }), secretHeaders)).status).toBe(202);
    expect(h.stored[0]!.alert).toMatchObject({ category: 'other', serviceName: undefined, checkId: undefined });
  });
});
