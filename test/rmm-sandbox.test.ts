import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { signCallback } from '../integrations/generic-rmm/verify-signature.js';
import { DEMO_KIOSK_COUNT, demoKioskHostname } from '../mocks/demo-data.js';
import { testSandbox } from './support/sandbox-kit.js';

// A sandbox per describe block: each RMM's alert is handled by the loop on its own.
let sb: Sandbox;
const freshSandbox = () => {
  beforeAll(async () => {
    sb = await testSandbox();
  });
  afterAll(async () => {
    // Let the loop finish what the alerts started before the sandbox goes away.
    await sb?.app.settle();
    await sb?.close();
  });
};

interface SandboxRmmDescription {
  tactical: { baseUrl: string; headers: Record<string, string>; webhook: string; devices: { agentId: string; hostname: string; client: string; services: { name: string; status: string }[] }[] };
}

describe('the sandbox serves the RMM simulators over real HTTP, wired to the app', () => {
  freshSandbox();
  it('GET /sandbox describes Tactical: base URL, headers, webhook and demo devices per client (one mapped to none)', async () => {
    const d = (await (await fetch(`${sb.app.url}/sandbox`)).json()) as { rmm: SandboxRmmDescription };
    expect(d.rmm.tactical.baseUrl).toBe(`${sb.urls.origin}/sim/tactical/api`);
    expect(d.rmm.tactical.webhook).toBe(`${sb.urls.origin}/webhooks/rmm/tactical/sandbox-tactical`);
    expect(d.rmm.tactical.devices.map((x) => [x.hostname, x.client])).toEqual([
      ['CONTOSO-WS01', 'contoso'],
      ['CONTOSO-SRV01', 'contoso'],
      ['FABRIKAM-WS01', 'fabrikam'],
      ...Array.from({ length: DEMO_KIOSK_COUNT }, (_, i) => [demoKioskHostname(i + 1), 'contoso']),
      ['LAB-PC01', '(not mapped to any client)'],
    ]);
    expect(d.rmm.tactical.devices[0]!.services.map((s) => s.name)).toEqual(['Spooler', 'W32Time', 'ContosoLOB']);
    const agents = await fetch(`${d.rmm.tactical.baseUrl}/agents/`, { headers: d.rmm.tactical.headers });
    expect(agents.status).toBe(200);
    expect(sb.config.clients.find((c) => c.id === 'contoso')?.rmm).toEqual([
      // Tactical clients map by name: that is what GET /agents/<id>/ answers as `client`.
      { installationId: 'sandbox-tactical', organisationIds: ['Contoso Ltd'] },
      { installationId: 'sandbox-ninja', organisationIds: ['101'] },
      { installationId: 'sandbox-datto', organisationIds: ['7d1c0b4e-1f2a-4c3b-9e8d-000000000250'] },
      { installationId: 'sandbox-generic', organisationIds: ['contoso-scripts'] },
    ]);
  });

  it("the app's own RMM routes refuse forged, oversized and misaddressed deliveries and store nothing", async () => {
    const hook = `${sb.urls.origin}/webhooks/rmm/tactical/sandbox-tactical`;
    const before = (await sb.app.store.listUnprocessedSignals(1000)).length;
    const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    expect((await post(hook, '{"event":"failure"}', { 'X-Ticketfix-Secret': 'forged' })).status).toBe(401);
    const big = await post(hook, JSON.stringify({ pad: 'x'.repeat(sb.config.maxBodyBytes + 10) }), { 'X-Ticketfix-Secret': 'forged' });
    expect(big.status).toBe(413);
    expect((await post(`${sb.urls.origin}/webhooks/rmm/tactical/no-such-installation`, '{}')).status).toBe(404);
    expect((await post(`${sb.urls.origin}/webhooks/rmm/ninjaone/sandbox-tactical`, '{}')).status).toBe(404);
    expect((await sb.app.store.listUnprocessedSignals(1000)).length).toBe(before);
  });

  it('stopping a service through the Tactical API posts the alert to the app, which stores it; the service running again posts resolved', async () => {
    const tactical = sb.rmm.tactical;
    const agent = tactical.agentFor('FABRIKAM-WS01');
    const act = (sv_action: string) =>
      fetch(`${sb.urls.rmm.tactical}/services/${agent.agentId}/W32Time/`, { method: 'POST', headers: { ...tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ sv_action }) });
    expect((await act('stop')).status).toBe(200);
    await tactical.flushWebhooks();
    const failure = tactical.deliveries.find((d) => d.event === 'failure');
    expect(failure).toMatchObject({ status: 202, url: `${sb.urls.origin}/webhooks/rmm/tactical/sandbox-tactical` });
    const signalId = (JSON.parse(failure!.response!) as { signalId: string }).signalId;
    const signal = await sb.app.store.getSignal(signalId);
    expect(signal).toMatchObject({ source: 'tactical', kind: 'alert', installationId: 'sandbox-tactical', companyHint: '2' });
    expect(signal?.alert).toMatchObject({ rmm: 'tactical', status: 'failing', category: 'service_stopped', serviceName: 'W32Time', deviceId: agent.agentId, deviceName: 'FABRIKAM-WS01' });
    // Whether the app restarted it already or not, starting it leaves exactly one resolved post.
    expect((await act('start')).status).toBe(200);
    await tactical.flushWebhooks();
    await sb.app.settle();
    await tactical.flushWebhooks();
    expect(tactical.deliveries.filter((d) => d.event === 'resolved').map((d) => d.status)).toEqual([202]);
  });
});

describe('the sandbox: NinjaOne', () => {
  freshSandbox();
  it('NinjaOne: a token from the described token endpoint, STOP through the API, and the activity webhook lands in the app', async () => {
    const d = (await (await fetch(`${sb.app.url}/sandbox`)).json()) as { rmm: { ninjaone: { baseUrl: string; token: { url: string; form: Record<string, string> }; webhook: string; devices: { id: number; hostname: string; client: string }[] } } };
    const ninja = d.rmm.ninjaone;
    expect(ninja.webhook).toBe(`${sb.urls.origin}/webhooks/rmm/ninjaone/sandbox-ninja`);
    const device = ninja.devices.find((x) => x.hostname === 'CONTOSO-SRV01')!;
    expect(device.client).toBe('contoso');
    const token = (await (await fetch(ninja.token.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(ninja.token.form) })).json()) as { access_token: string };
    const stop = await fetch(`${ninja.baseUrl}/device/${device.id}/windows-service/ContosoLOB/control`, { method: 'POST', headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'STOP' }) });
    expect(stop.status).toBe(204);
    await sb.rmm.ninjaone.flushWebhooks();
    const delivery = sb.rmm.ninjaone.deliveries.find((x) => x.event === 'failure');
    expect(delivery?.status).toBe(202);
    const signal = await sb.app.store.getSignal((JSON.parse(delivery!.response!) as { signalId: string }).signalId);
    expect(signal?.alert).toMatchObject({ rmm: 'ninjaone', status: 'failing', category: 'service_stopped', serviceName: 'ContosoLOB', deviceId: String(device.id), organisationHint: '101' });
  });
});

describe('the sandbox: Datto and the generic callback', () => {
  freshSandbox();
  it('Datto: token (Basic public-client:public, password grant), a stop component as a quick job, and the monitor webhook lands in the app', async () => {
    const d = (await (await fetch(`${sb.app.url}/sandbox`)).json()) as { rmm: { datto: { baseUrl: string; token: { url: string; basicAuth: string; form: Record<string, string> }; components: { uid: string; name: string }[]; devices: { uid: string; hostname: string; client: string }[] } } };
    const datto = d.rmm.datto;
    const token = (await (await fetch(datto.token.url, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(datto.token.basicAuth).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(datto.token.form) })).json()) as { access_token: string };
    const device = datto.devices.find((x) => x.hostname === 'FABRIKAM-WS01')!;
    expect(device.client).toBe('fabrikam');
    const stop = datto.components.find((c) => c.name.includes('Stop service'))!;
    const job = await fetch(`${datto.baseUrl}/device/${device.uid}/quickjob`, { method: 'PUT', headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ jobName: 'stop spooler', jobComponent: { componentUid: stop.uid, variables: [{ name: 'serviceName', value: 'Spooler' }] } }) });
    expect(job.status).toBe(200);
    await sb.rmm.datto.flushWebhooks();
    const delivery = sb.rmm.datto.deliveries.find((x) => x.event === 'failure');
    expect(delivery?.status).toBe(202);
    const signal = await sb.app.store.getSignal((JSON.parse(delivery!.response!) as { signalId: string }).signalId);
    expect(signal?.alert).toMatchObject({ rmm: 'datto', status: 'failing', category: 'service_stopped', serviceName: 'Spooler', deviceName: 'FABRIKAM-WS01' });
  });

  it('generic: a callback signed with the described secret is stored with the installation organisation', async () => {
    const d = (await (await fetch(`${sb.app.url}/sandbox`)).json()) as { rmm: { generic: { webhook: string; secret: string } } };
    const body = JSON.stringify({ eventId: 'sandbox-evt-1', status: 'failing', category: 'other', deviceId: 'CONTOSO-KIOSK', message: 'disk almost full' });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(d.rmm.generic.webhook, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ticketfix-Timestamp': ts, 'X-Ticketfix-Signature': signCallback(d.rmm.generic.secret, ts, Buffer.from(body)) }, body });
    expect(res.status).toBe(202);
    const signal = await sb.app.store.getSignal(((await res.json()) as { signalId: string }).signalId);
    expect(signal).toMatchObject({ source: 'generic', companyHint: 'contoso-scripts' });
    expect(signal?.alert).toMatchObject({ rmm: 'generic', organisationHint: 'contoso-scripts', deviceId: 'CONTOSO-KIOSK' });
  });
});
