import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../integrations/generic-rmm/verify-signature.js';
import { rmmIntegrationFor } from '../integrations/rmm-index.js';
import { rmmWebhookPath } from '../integrations/rmm-integration.js';
import { TACTICAL_FAILURE_BODY, tacticalRestHeaders } from '../integrations/tactical/alert-template.js';
import { createLogger } from '../src/log.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';
import { SANDBOX_RMM_IDS, SANDBOX_RMM_SECRETS } from '../src/sandbox/sandbox-rmm.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { captureAppOutput, captureSummary, filesUnder } from './support/hostile/capture-app-output.js';
import { memoryLog } from './support/hostile/memory-log.js';
import { recordIssuedTokens, sandboxSecrets } from './support/hostile/sandbox-secrets.js';
import { describeLeaks, scanForSecrets, type Artefact } from './support/hostile/scan-for-secrets.js';
import { finishedAlertRun } from './support/rmm-e2e-kit.js';
import { settle, testSandbox } from './support/sandbox-kit.js';

// The RMM half of the secret scan: alerts from every simulated RMM (resolved, escalated, a
// failing RMM call, forged deliveries) and the RMM doctor/install output, scanned for the RMM
// API keys, client secrets and webhook secrets (test/support/hostile/sandbox-secrets.ts).
let sb: Sandbox;
const capture = memoryLog();
const tokens = recordIssuedTokens();
const dataDir = mkdtempSync(join(tmpdir(), 'tfx-rmm-secret-scan-'));
const answers: Artefact[] = [];
let artefacts: Artefact[] = [];
const keep = async (source: string, res: Response) => answers.push({ source: `answer: ${source} -> ${res.status}`, text: await res.text() });
const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  sb = await testSandbox({ dataDir, log: capture.log });
  const seen = new Set<string>();
  const done = async (match: Parameters<typeof finishedAlertRun>[1]) => {
    const r = await finishedAlertRun(sb, match, seen);
    seen.add(r.id);
    return r;
  };
  const tactical = (hostname: string) => sb.rmm.tactical.agentFor(hostname).agentId;

  // Tactical: a restart that resolves, then one whose restart call fails (its error goes into a note).
  await fetch(`${sb.urls.rmm.tactical}/services/${tactical('CONTOSO-WS01')}/Spooler/`, { method: 'POST', headers: { ...sb.rmm.tactical.authHeaders(), ...json }, body: JSON.stringify({ sv_action: 'stop' }) });
  await sb.rmm.tactical.flushWebhooks();
  await done((r) => r.classification?.params.deviceId === tactical('CONTOSO-WS01'));
  await fetch(`${sb.urls.rmm.tactical}/services/${tactical('FABRIKAM-WS01')}/Spooler/`, { method: 'POST', headers: { ...sb.rmm.tactical.authHeaders(), ...json }, body: JSON.stringify({ sv_action: 'stop' }) });
  sb.rmm.tactical.faults.failNext(5, { path: `/services/${tactical('FABRIKAM-WS01')}/Spooler/`, method: 'POST', status: 500 });
  await sb.rmm.tactical.flushWebhooks();
  await done((r) => r.classification?.params.deviceId === tactical('FABRIKAM-WS01'));
  // A Tactical software request.
  await fetch(`${sb.urls.rmm.tactical}/agents/${tactical('CONTOSO-SRV01')}/`, { method: 'PUT', headers: { ...sb.rmm.tactical.authHeaders(), ...json }, body: JSON.stringify({ custom_fields: [{ field: 7, string_value: 'Google Chrome' }] }) });
  await sb.rmm.tactical.flushWebhooks();
  await done((r) => r.classification?.params.application === 'Google Chrome');
  // NinjaOne (OAuth client credentials) and a forged Ninja delivery.
  const ninja = sb.rmm.ninjaone.deviceFor('CONTOSO-WS01');
  await fetch(`${sb.urls.rmm.ninjaone}/v2/device/${ninja.id}/windows-service/W32Time/control`, { method: 'POST', headers: { ...sb.rmm.ninjaone.authHeaders(), ...json }, body: JSON.stringify({ action: 'STOP' }) });
  await sb.rmm.ninjaone.flushWebhooks();
  await done((r) => r.classification?.params.deviceId === String(ninja.id));
  const hook = (id: string) => `${sb.urls.origin}${rmmWebhookPath(sb.config.rmms.find((r) => r.id === id)!)}`;
  await keep('ninja forged', await fetch(hook(SANDBOX_RMM_IDS.ninjaone), { method: 'POST', headers: { ...json, 'X-Ticketfix-Secret': SANDBOX_RMM_SECRETS.SANDBOX_NINJA_WEBHOOK_SECRET.slice(0, -2) }, body: '{}' }));
  // Datto (password-grant token) through a quick job.
  const dattoDevice = sb.rmm.datto.devices.find((d) => d.device.hostname === 'CONTOSO-SRV01')!;
  sb.rmm.datto.fleet.serviceAction(dattoDevice.device, 'Spooler', 'stop');
  await sb.rmm.datto.flushWebhooks();
  await done((r) => r.classification?.params.rmmInstallationId === SANDBOX_RMM_IDS.datto && r.classification.params.deviceId === String(dattoDevice.id));
  // Generic: a signed callback, a badly signed one.
  const body = JSON.stringify({ eventId: 'scan-1', status: 'failing', category: 'software_request', deviceId: 'CONTOSO-KIOSK', application: 'Notepad++' });
  const ts = String(Math.floor(Date.now() / 1000));
  await keep('generic signed', await fetch(hook(SANDBOX_RMM_IDS.generic), { method: 'POST', headers: { ...json, 'X-Ticketfix-Timestamp': ts, 'X-Ticketfix-Signature': signCallback(SANDBOX_RMM_SECRETS.SANDBOX_GENERIC_SECRET, ts, Buffer.from(body)) }, body }));
  await keep('generic bad signature', await fetch(hook(SANDBOX_RMM_IDS.generic), { method: 'POST', headers: { ...json, 'X-Ticketfix-Timestamp': ts, 'X-Ticketfix-Signature': `sha256=${'0'.repeat(64)}` }, body }));
  await done((r) => r.classification?.params.alertId === 'scan-1');
  // Tactical: a wrong secret, and a body the parser refuses.
  await keep('tactical wrong secret', await fetch(hook(SANDBOX_RMM_IDS.tactical), { method: 'POST', headers: tacticalRestHeaders(SANDBOX_RMM_SECRETS.SANDBOX_DATTO_WEBHOOK_SECRET), body: TACTICAL_FAILURE_BODY }));
  await keep('tactical bad body', await fetch(hook(SANDBOX_RMM_IDS.tactical), { method: 'POST', headers: tacticalRestHeaders(SANDBOX_RMM_SECRETS.SANDBOX_TACTICAL_WEBHOOK_SECRET), body: TACTICAL_FAILURE_BODY }));
  await settle(sb);

  // doctor and install output, healthy and with broken credentials.
  const log = createLogger({ level: 'silent' });
  for (const install of sb.config.rmms) {
    const setup = { webhookUrl: hook(install.id), organisationIds: ['1', '101'] };
    const integration = rmmIntegrationFor(install);
    for (const env of [{ ...SANDBOX_SECRETS }, { ...SANDBOX_SECRETS, SANDBOX_TACTICAL_API_KEY: 'wrong', SANDBOX_NINJA_CLIENT_SECRET: 'wrong', SANDBOX_DATTO_API_SECRET: 'wrong' }]) {
      answers.push({ source: `doctor: ${install.id}`, text: JSON.stringify(await integration.doctor(install, setup, { env, log })) });
      answers.push({ source: `install: ${install.id}`, text: JSON.stringify(await integration.install(install, setup, { env, log }).catch((err: Error) => err.message)) });
    }
  }

  artefacts = [...(await captureAppOutput(sb, capture.lines(), answers)), ...filesUnder(dataDir)];
}, 120_000);

afterAll(async () => {
  tokens.restore();
  await sb?.close();
});

describe('RMM secrets never appear in anything the app writes', () => {
  it('the flows ran: runs from every RMM in several end states, notes written, forged deliveries refused', async () => {
    const runs = await sb.app.store.listRuns({ limit: 100 });
    expect(new Set(runs.map((r) => r.classification?.params.rmmInstallationId))).toEqual(new Set(Object.values(SANDBOX_RMM_IDS)));
    expect([...new Set(runs.map((r) => r.state))]).toEqual(expect.arrayContaining(['resolved', 'escalated']));
    expect(runs.find((r) => r.state === 'escalated' && r.escalationReason === 'api_error')).toBeTruthy();
    expect(answers.filter((a) => / -> 401$/.test(a.source)).length).toBeGreaterThanOrEqual(3);
    expect(captureSummary(artefacts)).toMatchObject({ log: expect.any(Number), audit: expect.any(Number), 'CW note': expect.any(Number), answer: expect.any(Number), doctor: 8, install: 8 });
  });

  it('finds no RMM API key, client secret or webhook secret anywhere (nor any other sandbox secret)', () => {
    const secrets = sandboxSecrets(sb, tokens.tokens());
    expect(secrets.filter((s) => s.name.startsWith('RMM ')).map((s) => s.value).sort()).toEqual(Object.values(SANDBOX_RMM_SECRETS).sort());
    const leaks = scanForSecrets(artefacts, secrets);
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });
});
