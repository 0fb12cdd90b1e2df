import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { RmmCannotActError } from '../rmm-integration.js';
import { startRmmWebhookHarness, type RmmWebhookHarness } from '../rmm-test-kit.js';
import { genericRmmIntegration } from './integration.js';
import { GENERIC_TEST_ENV, genericTestInstall, signedHeaders } from './test-kit.js';

const install = genericTestInstall('gen-a');
const other = genericTestInstall('gen-b', { secretEnv: 'OTHER_SECRET', organisationId: 'org-other' });
const unconfigured = genericTestInstall('gen-c', { secretEnv: 'UNSET_SECRET' });
const env = { ...GENERIC_TEST_ENV, OTHER_SECRET: 'other-installation-secret-xyz' };
let h: RmmWebhookHarness;

beforeAll(async () => {
  h = await startRmmWebhookHarness([install, other, unconfigured], env, { maxBodyBytes: 4096 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.stored.length = 0;
  h.failIntake = false;
});

const event = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ eventId: '3f1e0c8a-1111-4e2b-9c3d-000000000001', status: 'failing', category: 'service_stopped', deviceId: 'ACME-PC7', deviceName: 'ACME-PC7', serviceName: 'Spooler', message: 'Print Spooler stopped', raisedAt: '2026-11-26T20:00:00Z', ...over });

describe('generic signed callback', () => {
  it('accepts a correctly signed callback: one signal, organisation from the installation', async () => {
    const body = event();
    const r = await h.post(install, body, signedHeaders(body));
    expect(r).toMatchObject({ status: 202, json: { accepted: true } });
    expect(h.stored).toHaveLength(1);
    expect(h.stored[0]).toMatchObject({ source: 'generic', kind: 'alert', installationId: 'gen-a', companyHint: 'org-acme', action: 'failing' });
    expect(h.stored[0]!.alert).toMatchObject({ rmm: 'generic', status: 'failing', category: 'service_stopped', serviceName: 'Spooler', deviceId: 'ACME-PC7', organisationHint: 'org-acme', raisedAt: '2026-11-26T20:00:00.000Z' });
  });

  it('a replay of the same (timestamp, body) is a duplicate: 200, no second signal; resolved is a new event', async () => {
    const body = event();
    const headers = signedHeaders(body);
    expect((await h.post(install, body, headers)).status).toBe(202);
    expect(await h.post(install, body, headers)).toMatchObject({ status: 200, json: { duplicate: true } });
    const resolved = event({ status: 'resolved' });
    expect((await h.post(install, resolved, signedHeaders(resolved))).status).toBe(202);
    expect(h.stored.map((s) => s.alert.status)).toEqual(['failing', 'resolved']);
  });

  it.each([
    ['no headers', () => ({})],
    ['a signature over another body', () => signedHeaders(event({ serviceName: 'W32Time' }))],
    ["another installation's secret", () => signedHeaders(event(), Date.now(), env.OTHER_SECRET)],
    ['a malformed signature', () => ({ ...signedHeaders(event()), 'X-Ticketfix-Signature': 'sha256=zz' })],
    ['a bare hex signature without sha256=', () => ({ ...signedHeaders(event()), 'X-Ticketfix-Signature': signedHeaders(event())['X-Ticketfix-Signature']!.slice(7) })],
    ['a timestamp 6 minutes old', () => signedHeaders(event(), Date.now() - 6 * 60_000)],
    ['a timestamp 6 minutes ahead', () => signedHeaders(event(), Date.now() + 6 * 60_000)],
    ['a timestamp that is not a number', () => ({ ...signedHeaders(event()), 'X-Ticketfix-Timestamp': 'yesterday' })],
  ])('401 and nothing stored for %s', async (_name, headers) => {
    const r = await h.post(install, event(), headers());
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.json)).not.toContain(GENERIC_TEST_ENV.GENERIC_SECRET);
    expect(h.stored).toHaveLength(0);
  });

  it('accepts a timestamp 4 minutes old (inside the window)', async () => {
    const body = event();
    expect((await h.post(install, body, signedHeaders(body, Date.now() - 4 * 60_000))).status).toBe(202);
  });

  it('verifies the raw bytes: the same JSON re-serialised differently does not match', async () => {
    const body = event();
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    expect((await h.post(install, spaced, signedHeaders(body))).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"eventId":', 'bad_json'],
    ['an unknown field (e.g. trying to choose the organisation)', event({ organisationId: 'org-other' }), 'organisationId'],
    ['no eventId', event({ eventId: undefined }), 'eventId'],
    ['service_stopped without serviceName', event({ serviceName: undefined }), 'serviceName'],
    ['software_request without application', event({ category: 'software_request', serviceName: undefined }), 'application'],
    ['a bad status', event({ status: 'maybe' }), 'status'],
    ['a bad date', event({ raisedAt: 'tuesday' }), 'raisedAt'],
  ])('400 for a signed body with %s, naming the field', async (_name, body, needle) => {
    const r = await h.post(install, body, signedHeaders(body));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain(needle);
    expect(h.stored).toHaveLength(0);
  });

  it('413 for an oversized body, 500 without a configured secret, 503 when the store is down', async () => {
    const big = event({ message: 'x'.repeat(5000) });
    expect((await h.post(install, big, signedHeaders(big))).status).toBe(413);
    const body = event();
    expect(await h.post(unconfigured, body, signedHeaders(body))).toMatchObject({ status: 500, json: { error: 'misconfigured' } });
    h.failIntake = true;
    expect((await h.post(install, body, signedHeaders(body))).status).toBe(503);
    expect(h.stored).toHaveLength(0);
  });

  it('its adapter cannot act and says so clearly', async () => {
    expect(genericRmmIntegration.canAct).toBe(false);
    const adapter = genericRmmIntegration.createAdapter(install, { env, log: createLogger({ level: 'silent' }) });
    await expect(adapter.restartService('ACME-PC7', 'Spooler')).rejects.toBeInstanceOf(RmmCannotActError);
    await expect(adapter.getDevice('ACME-PC7')).rejects.toThrow(/generic RMM callbacks cannot act/);
  });
});
