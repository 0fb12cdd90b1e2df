import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRmmWorld } from '../mocks/demo-data.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { cwTicket, finishedAlertRun, until } from './support/rmm-e2e-kit.js';
import { testSandbox } from './support/sandbox-kit.js';

// The loop over real HTTP through the Datto RMM simulator: password-grant token, stop component as a quick job, monitor webhook.
interface DattoDescription {
  baseUrl: string;
  token: { url: string; basicAuth: string; form: Record<string, string> };
  components: { uid: string; name: string }[];
  devices: { uid: string; hostname: string; client: string }[];
}

let sb: Sandbox;
let datto: DattoDescription;
let token: string;
beforeAll(async () => {
  sb = await testSandbox();
  datto = ((await (await fetch(`${sb.app.url}/sandbox`)).json()) as { rmm: { datto: DattoDescription } }).rmm.datto;
  const res = await fetch(datto.token.url, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(datto.token.basicAuth).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(datto.token.form) });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sb?.close();
});

const deviceUid = (hostname: string) => datto.devices.find((d) => d.hostname === hostname)!.uid;
const serviceStatus = (hostname: string, name: string) => {
  const device = sb.rmm.datto.fleet.byHostname(hostname)!;
  return sb.rmm.datto.fleet.service(device, name)?.status;
};

async function stop(hostname: string, service: string) {
  const component = datto.components.find((c) => c.name.includes('Stop service'))!;
  const res = await fetch(`${datto.baseUrl}/device/${deviceUid(hostname)}/quickjob`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ jobName: `stop ${service}`, jobComponent: { componentUid: component.uid, variables: [{ name: 'serviceName', value: service }] } }) });
  expect(res.status).toBe(200);
  await sb.rmm.datto.flushWebhooks();
}

/** The alert names the device by Datto's numeric device id. */
const dattoDeviceId = (hostname: string) => String(demoRmmWorld().devices.find((d) => d.hostname === hostname)!.dattoDeviceId);
const runFor = (hostname: string, service: string) =>
  finishedAlertRun(sb, (r) => r.classification?.params.rmmInstallationId === 'sandbox-datto' && r.classification.params.service === service && r.classification.params.deviceId === dattoDeviceId(hostname));

describe('Datto RMM alert -> PSA ticket -> loop, in the sandbox', () => {
  it('stopping a known-issue service leads to the service running and a Resolved ticket with a note and a time entry', async () => {
    await stop('FABRIKAM-WS01', 'Spooler');
    const run = await runFor('FABRIKAM-WS01', 'Spooler');
    expect(run.state).toBe('resolved');
    expect(serviceStatus('FABRIKAM-WS01', 'Spooler')).toBe('running');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.companyId).toBe(251);
    expect(t.status).toBe('Resolved');
    const resolution = t.notes.find((n) => n.internalAnalysisFlag && n.text.startsWith('Resolved automatically'))?.text ?? '';
    expect(resolution).toContain('What stopped: the Spooler service on FABRIKAM-WS01');
    expect(resolution).toMatch(/Validation: the datto API reports Spooler running on FABRIKAM-WS01/);
    expect(t.timeEntries).toHaveLength(1);
    await until(async () => (await sb.app.store.queryAudit({ runId: run.id, type: 'alert.resolved' }))[0], 'the resolved alert evidence');
  });

  it('a service not on the allow-list escalates with the reason, and the service stays stopped', async () => {
    await stop('CONTOSO-WS01', 'ContosoLOB');
    const run = await runFor('CONTOSO-WS01', 'ContosoLOB');
    expect(run.state).toBe('escalated');
    expect(serviceStatus('CONTOSO-WS01', 'ContosoLOB')).toBe('stopped');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.status).toBe('Escalated');
    expect(t.notes.find((n) => n.internalAnalysisFlag)?.text).toContain("the service 'ContosoLOB' is not on Contoso Ltd's known-issue allow-list");
  });
});
