import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rmmIntegrationFor } from '../integrations/rmm-index.js';
import { rmmWebhookPath, type RmmSetup } from '../integrations/rmm-integration.js';
import type { RmmInstallation } from '../src/config/schema.js';
import { createLogger } from '../src/log.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';
import { SANDBOX_RMM_IDS, SANDBOX_RMM_SECRETS } from '../src/sandbox/sandbox-rmm.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { testSandbox } from './support/sandbox-kit.js';

// ticketfix install / doctor for the RMMs, against the sandbox's simulators over real HTTP.
vi.setConfig({ testTimeout: 120_000 });
let sb: Sandbox;
beforeAll(async () => {
  sb = await testSandbox();
});
afterAll(async () => {
  await sb?.close();
});

const log = createLogger({ level: 'silent' });
const env = { ...SANDBOX_SECRETS };
const installOf = (id: string): RmmInstallation => sb.config.rmms.find((r) => r.id === id)!;
const setupFor = (install: RmmInstallation, extra: Partial<RmmSetup> = {}): RmmSetup => ({
  webhookUrl: `${sb.urls.origin}${rmmWebhookPath(install)}`,
  organisationIds: sb.config.clients.flatMap((c) => (c.rmm ?? []).filter((m) => m.installationId === install.id).flatMap((m) => m.organisationIds)),
  ...extra,
});
const doctor = (id: string, o: { env?: Record<string, string>; setup?: Partial<RmmSetup>; install?: RmmInstallation } = {}) => {
  const install = o.install ?? installOf(id);
  return rmmIntegrationFor(install).doctor(install, setupFor(install, o.setup), { env: o.env ?? env, log });
};
const secretValues = Object.values(SANDBOX_RMM_SECRETS);
const leaks = (text: string) => secretValues.filter((v) => text.includes(v));

describe('RMM doctor', () => {
  it.each(Object.values(SANDBOX_RMM_IDS))('%s: every check passes against the sandbox, and nothing printed holds a secret', async (id) => {
    const r = await doctor(id);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.checks.find((c) => c.name.startsWith('mapped'))?.detail ?? 'generic').not.toBe('');
    expect(leaks(JSON.stringify(r))).toEqual([]);
  });

  it('Tactical and Datto: prints the template the MSP pastes, with the webhook URL and the secret as a placeholder', async () => {
    const tactical = await doctor(SANDBOX_RMM_IDS.tactical);
    expect(tactical.paste).toContain(`${sb.urls.origin}/webhooks/rmm/tactical/${SANDBOX_RMM_IDS.tactical}`);
    expect(tactical.paste).toContain('"X-Ticketfix-Secret":"<the value of SANDBOX_TACTICAL_WEBHOOK_SECRET>"');
    // URL actions are global objects the alert template references (core/models.py URLAction, alerts/models.py action_rest).
    expect(tactical.paste).toContain("Settings > Global Settings > URL Actions > Add: name 'TicketFix - alert failure', type REST, method POST");
    expect(tactical.paste).toContain("Failure Settings action type Rest, action 'TicketFix - alert failure'");
    expect(tactical.paste).toContain('"service_name": "{{alert.assigned_check.svc_name}}"');
    expect(tactical.paste).not.toContain('requested_app');
    const datto = await doctor(SANDBOX_RMM_IDS.datto);
    expect(datto.paste).toContain('X-Ticketfix-Secret: <the value of SANDBOX_DATTO_WEBHOOK_SECRET>');
    expect(datto.paste).toContain('"alertUid": "[alert_uid]"');
  });

  it('Tactical clients map by name (an agent answers its client by name): a client id in the config is named as the mistake', async () => {
    const install = installOf(SANDBOX_RMM_IDS.tactical);
    const r = await rmmIntegrationFor(install).doctor(install, { webhookUrl: 'https://app.example/webhooks', organisationIds: ['1'] }, { env, log });
    expect(r.checks.find((c) => c.name === 'mapped Tactical clients exist')).toEqual({
      name: 'mapped Tactical clients exist',
      ok: false,
      detail: "Tactical clients are mapped by name, not id (an agent's detail answers the client's name): '1' -> 'Contoso Ltd'",
    });
    const ok = await rmmIntegrationFor(install).doctor(install, { webhookUrl: 'https://app.example/webhooks', organisationIds: ['Contoso Ltd'] }, { env, log });
    expect(ok.checks.find((c) => c.name === 'mapped Tactical clients exist')).toEqual({ name: 'mapped Tactical clients exist', ok: true, detail: 'Contoso Ltd (client id 1)' });
  });

  it('says what is wrong: a missing credential, an organisation the RMM does not have, a missing component', async () => {
    const noKey = await doctor(SANDBOX_RMM_IDS.tactical, { env: { ...env, SANDBOX_TACTICAL_API_KEY: '' } });
    expect(noKey.checks.find((c) => c.name === 'API key')).toMatchObject({ ok: false, detail: 'environment variable SANDBOX_TACTICAL_API_KEY is not set' });
    expect(noKey.checks.find((c) => c.name === 'API reachable')?.ok).toBe(false);

    const wrongKey = await doctor(SANDBOX_RMM_IDS.tactical, { env: { ...env, SANDBOX_TACTICAL_API_KEY: 'not-the-key' } });
    expect(wrongKey.checks.find((c) => c.name === 'API reachable')?.ok).toBe(false);
    expect(leaks(JSON.stringify(wrongKey))).toEqual([]);

    const ninja = await doctor(SANDBOX_RMM_IDS.ninjaone, { setup: { organisationIds: ['101', '4242'] } });
    expect(ninja.checks.find((c) => c.name === 'mapped NinjaOne organisations exist')).toMatchObject({ ok: false });
    expect(ninja.checks.find((c) => c.name === 'mapped NinjaOne organisations exist')?.detail).toMatch(/^not found in the RMM: 4242 \(it has 101 Contoso Ltd/);

    const datto = installOf(SANDBOX_RMM_IDS.datto) as Extract<RmmInstallation, { rmm: 'datto' }>;
    const badComponent = { ...datto, datto: { ...datto.datto, components: { ...datto.datto.components!, softwareInstall: 'no-such-component' } } };
    const r = await doctor(SANDBOX_RMM_IDS.datto, { install: badComponent });
    expect(r.checks.find((c) => c.name === 'components')).toMatchObject({ ok: false, detail: 'not in the account: softwareInstall (no-such-component)' });

    const generic = await doctor(SANDBOX_RMM_IDS.generic, { env: {}, setup: { organisationIds: [] } });
    expect(generic.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['signing secret', 'organisation mapped']);
  });
});

describe('RMM install', () => {
  it('NinjaOne: PUT /v2/webhook registers the app once, however often install runs, and alerts then reach the app', async () => {
    const install = installOf(SANDBOX_RMM_IDS.ninjaone);
    const setup = setupFor(install);
    sb.rmm.ninjaone.setWebhook(null);
    for (let i = 0; i < 2; i++) {
      const r = await rmmIntegrationFor(install).install(install, setup, { env, log });
      expect(r.registered).toBe(true);
      expect(leaks(JSON.stringify(r))).toEqual([]);
    }
    expect(sb.rmm.ninjaone.webhook()).toEqual({ url: setup.webhookUrl, headers: [{ name: 'X-Ticketfix-Secret', value: SANDBOX_RMM_SECRETS.SANDBOX_NINJA_WEBHOOK_SECRET }] });
    expect(sb.rmm.ninjaone.calls.filter((c) => c.method === 'PUT' && c.path === '/v2/webhook')).toHaveLength(2);

    // The registration works: a condition triggering on a Ninja device is delivered to the app and accepted.
    const device = sb.rmm.ninjaone.deviceFor('FABRIKAM-WS01');
    const stop = await fetch(`${sb.urls.rmm.ninjaone}/v2/device/${device.id}/windows-service/W32Time/control`, { method: 'POST', headers: { ...sb.rmm.ninjaone.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'STOP' }) });
    expect(stop.status).toBe(204);
    await sb.rmm.ninjaone.flushWebhooks();
    expect(sb.rmm.ninjaone.deliveries.at(-1)).toMatchObject({ url: setup.webhookUrl, event: 'failure', status: 202 });
  });

  it('refuses to register NinjaOne without the webhook secret, and says which variable', async () => {
    const install = installOf(SANDBOX_RMM_IDS.ninjaone);
    await expect(rmmIntegrationFor(install).install(install, setupFor(install), { env: { ...env, SANDBOX_NINJA_WEBHOOK_SECRET: '' }, log })).rejects.toThrow('environment variable SANDBOX_NINJA_WEBHOOK_SECRET is not set');
  });

  it('the CLI: doctor --rmm tactical prints the checks and the template; install --rmm datto prints what to paste', async () => {
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(process.execPath, ['bin/ticketfix.js', ...args, '--sandbox-url', sb.urls.origin, '--data-dir', mkdtempSync(join(tmpdir(), 'tfx-rmm-cli-'))], { env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 60_000 }, (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }));
      });
    const d = await cli(['doctor', '--rmm', 'tactical']);
    expect(d.stdout).toContain(`${SANDBOX_RMM_IDS.tactical} (tactical RMM)`);
    expect(d.stdout).not.toContain('FAIL');
    expect(d.stdout).toContain('"event": "failure"');
    expect(d.code).toBe(0);
    const i = await cli(['install', '--rmm', 'datto']);
    expect(i.code).toBe(0);
    expect(i.stdout).toContain('Datto RMM has no API for monitor webhooks');
    expect(leaks(d.stdout + i.stdout)).toEqual([]);
  });
});
