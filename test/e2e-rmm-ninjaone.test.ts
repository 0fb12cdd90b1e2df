import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_NINJA_CLIENT_ID, SANDBOX_RMM_SECRETS } from '../src/sandbox/sandbox-rmm.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { cwTicket, finishedAlertRun, until } from './support/rmm-e2e-kit.js';
import { testSandbox } from './support/sandbox-kit.js';

// The loop over real HTTP through the NinjaOne simulator: OAuth token, service control, activity webhook.
let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await testSandbox();
  const form = { grant_type: 'client_credentials', client_id: SANDBOX_NINJA_CLIENT_ID, client_secret: SANDBOX_RMM_SECRETS.SANDBOX_NINJA_CLIENT_SECRET, scope: 'monitoring management control' };
  const res = await fetch(`${sb.urls.rmm.ninjaone}/ws/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sb?.close();
});

const deviceOf = (hostname: string) => sb.rmm.ninjaone.devices.find((d) => d.device.hostname === hostname)!;
const serviceStatus = (hostname: string, name: string) => sb.rmm.ninjaone.fleet.service(deviceOf(hostname).device, name)?.status;

async function control(hostname: string, name: string, action: 'STOP' | 'START') {
  const res = await fetch(`${sb.urls.rmm.ninjaone}/v2/device/${deviceOf(hostname).id}/windows-service/${name}/control`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ action }) });
  expect(res.status).toBe(204);
  await sb.rmm.ninjaone.flushWebhooks();
}

const runFor = (hostname: string, service: string) => finishedAlertRun(sb, (r) => r.classification?.params.rmmInstallationId === 'sandbox-ninja' && r.classification.params.deviceId === String(deviceOf(hostname).id) && r.classification.params.service === service);

describe('NinjaOne alert -> PSA ticket -> loop, in the sandbox', () => {
  it('stopping a known-issue service leads to the service running and a Resolved ticket with a note and a time entry', async () => {
    await control('CONTOSO-SRV01', 'Spooler', 'STOP');
    const run = await runFor('CONTOSO-SRV01', 'Spooler');
    expect(run.state).toBe('resolved');
    expect(serviceStatus('CONTOSO-SRV01', 'Spooler')).toBe('running');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.companyId).toBe(250);
    expect(t.status).toBe('Resolved');
    const resolution = t.notes.find((n) => n.internalAnalysisFlag && n.text.startsWith('Resolved automatically'))?.text ?? '';
    expect(resolution).toContain('What stopped: the Spooler service on CONTOSO-SRV01');
    expect(resolution).toMatch(/Validation: the ninjaone API reports Spooler running on CONTOSO-SRV01/);
    expect(t.timeEntries).toHaveLength(1);
    await until(async () => (await sb.app.store.queryAudit({ runId: run.id, type: 'alert.resolved' }))[0], 'the resolved alert evidence');
  });

  it('a service not on the allow-list escalates with the reason, and the service stays stopped', async () => {
    await control('CONTOSO-SRV01', 'ContosoLOB', 'STOP');
    const run = await runFor('CONTOSO-SRV01', 'ContosoLOB');
    expect(run.state).toBe('escalated');
    expect(serviceStatus('CONTOSO-SRV01', 'ContosoLOB')).toBe('stopped');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.status).toBe('Escalated');
    expect(t.notes.find((n) => n.internalAnalysisFlag)?.text).toContain("the service 'ContosoLOB' is not on Contoso Ltd's known-issue allow-list");
  });
});
