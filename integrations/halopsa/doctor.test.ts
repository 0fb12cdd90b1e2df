import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { haloIntegration } from './integration.js';
import { HALO_TEST_WEBHOOK_URL as url, haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';

let t: HaloTestSetup;
const server = setupServer();
const log = createLogger({ level: 'silent' });
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function setup(o: Parameters<typeof haloTestSetup>[0] = {}) {
  t = haloTestSetup(o);
  server.resetHandlers(...t.sim.handlers);
}
const opts = () => ({ env: t.env, log, kv: t.kv });
const failed = (checks: { name: string; ok: boolean; detail: string }[]) => checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);

describe('doctor', () => {
  beforeEach(() => setup());

  it('passes every check on a complete install', async () => {
    await haloIntegration.install(t.installation, url, opts());
    const checks = await haloIntegration.doctor(t.installation, url, opts());
    expect(failed(checks)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual([
      'authorisation server',
      'client credentials',
      'permission read:tickets',
      'permission edit:tickets',
      'permission read:customers',
      'permission admin:webhooks',
      'tickets readable',
      'statuses',
      'webhook registered',
    ]);
    expect(checks[0]!.detail).toContain("https://msp.halopsa.com/auth/token (tenant 'msp')");
    expect(JSON.stringify(checks)).not.toContain(t.app.clientSecret);
  });

  it('names each missing permission exactly', async () => {
    setup({ scopes: ['read:tickets', 'read:customers'] });
    const checks = await haloIntegration.doctor(t.installation, url, opts());
    expect(failed(checks)).toEqual([
      expect.stringMatching(/^permission edit:tickets: the API application lacks the permission 'edit:tickets'/),
      expect.stringMatching(/^permission admin:webhooks: the API application lacks the permission 'admin:webhooks'/),
      expect.stringMatching(/^webhook registered: HaloPSA refused: .*'admin:webhooks'/),
    ]);
  });

  it('falls back to probes when the token does not list its permissions', async () => {
    setup({ scopes: ['read:tickets', 'edit:tickets', 'read:customers'], sim: { tokenScopeInResponse: false } });
    const checks = await haloIntegration.doctor(t.installation, url, opts());
    expect(checks.find((c) => c.name === 'permission admin:webhooks')).toMatchObject({ ok: false, detail: expect.stringContaining("lacks the permission 'admin:webhooks'") });
    expect(checks.find((c) => c.name === 'permission read:tickets')).toMatchObject({ ok: true, detail: expect.stringContaining('a read needing it succeeded') });
    expect(checks.find((c) => c.name === 'permission edit:tickets')).toMatchObject({ ok: true, detail: expect.stringContaining('not verifiable') });
  });

  it('reports refused credentials and stops there', async () => {
    const checks = await haloIntegration.doctor(t.installation, url, { ...opts(), env: { ...t.env, HALO_ACME_SECRET: 'wrong-secret-value' } });
    expect(failed(checks)).toEqual([expect.stringMatching(/^client credentials: the token request was refused \(.*invalid_client.*\): check clientId/)]);
    expect(checks).toHaveLength(2);
    expect(JSON.stringify(checks)).not.toContain('wrong-secret-value');
  });

  it('reports an unreachable Halo', async () => {
    t.sim.faults.outage(true);
    const checks = await haloIntegration.doctor(t.installation, url, opts());
    expect(checks[0]).toMatchObject({ name: 'authorisation server', ok: false, detail: expect.stringContaining('503') });
    t.sim.faults.reset();
  });

  it('names a missing status, a missing webhook, an inactive one and a missing event link', async () => {
    const renamed = t.sim.state.statuses.find((s) => s.name === 'Escalated')!;
    renamed.name = 'Escalated to L2';
    let checks = await haloIntegration.doctor(t.installation, url, opts());
    expect(failed(checks)).toEqual([
      "statuses: HaloPSA has no status named 'Escalated' (configure statuses or add them in Halo)",
      `webhook registered: no webhook points at ${url}: run 'ticketfix install'`,
    ]);
    await haloIntegration.install(t.installation, url, opts());
    t.sim.state.webhooks[0]!.active = false;
    checks = await haloIntegration.doctor(t.installation, url, opts());
    expect(failed(checks)[1]).toMatch(/webhook registered: webhook .* is inactive/);
    t.sim.state.webhooks[0]!.active = true;
    t.sim.state.notifications = t.sim.state.notifications.filter((n) => n.eventno !== 19);
    checks = await haloIntegration.doctor(t.installation, url, opts());
    expect(failed(checks)[1]).toMatch(/not linked to event\(s\) 19/);
  });
});
