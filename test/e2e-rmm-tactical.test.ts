import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_MSP_COMPANY } from '../src/sandbox/sandbox-alert-loop.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { cwTicket, finishedAlertRun, until } from './support/rmm-e2e-kit.js';
import { testSandbox } from './support/sandbox-kit.js';

// The whole loop over real HTTP: Tactical simulator -> alert webhook -> app -> Tactical API and ConnectWise API.
let sb: Sandbox;
const seen = new Set<string>();
beforeAll(async () => {
  sb = await testSandbox();
});
afterAll(async () => {
  await sb?.close();
});

async function service(hostname: string, name: string, sv_action: 'stop' | 'start') {
  const agent = sb.rmm.tactical.agentFor(hostname);
  const res = await fetch(`${sb.urls.rmm.tactical}/services/${agent.agentId}/${name}/`, { method: 'POST', headers: { ...sb.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ sv_action }) });
  expect(res.status).toBe(200);
  await sb.rmm.tactical.flushWebhooks();
  return agent;
}

const statusOfService = (hostname: string, name: string) => sb.rmm.tactical.agentFor(hostname).device.services.find((s) => s.name === name)?.status;
const restarts = (agentId: string, name: string) => sb.rmm.tactical.calls.filter((c) => c.method === 'POST' && c.path === `/services/${agentId}/${name}/` && c.status === 200).length;

async function nextRun(device: string, service: string) {
  const run = await finishedAlertRun(sb, (r) => r.classification?.params.service === service && r.classification.params.deviceId === sb.rmm.tactical.agentFor(device).agentId, seen);
  seen.add(run.id);
  return run;
}

describe('Tactical RMM alert -> PSA ticket -> loop, in the sandbox', () => {
  it('stopping a known-issue service leads, without anything else, to the service running and a Resolved ticket with a note and a time entry', async () => {
    const agent = await service('CONTOSO-WS01', 'Spooler', 'stop');
    const run = await nextRun('CONTOSO-WS01', 'Spooler');
    expect(run.state).toBe('resolved');
    expect(statusOfService('CONTOSO-WS01', 'Spooler')).toBe('running');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.companyId).toBe(250);
    expect(t.status).toBe('Resolved');
    const resolution = t.notes.find((n) => n.internalAnalysisFlag && n.text.startsWith('Resolved automatically'));
    expect(resolution?.text).toContain('What stopped: the Spooler service on CONTOSO-WS01');
    expect(resolution?.text).toContain('restarted through the RMM');
    expect(resolution?.text).toMatch(/Validation: the tactical API reports Spooler running on CONTOSO-WS01/);
    // The customer's note (the visible resolution) says the same in plain words, without the RMM's API or our marker.
    const customer = t.notes.find((n) => n.resolutionFlag)?.text ?? '';
    expect(customer).toContain('The Spooler service on CONTOSO-WS01 had stopped.');
    expect(customer).not.toMatch(/https?:\/\/|\[ticketfix:|Validation:/);
    expect(t.timeEntries).toHaveLength(1);
    // The RMM's resolved action arrives as evidence on the same run, not as a new run.
    await until(async () => (await sb.app.store.queryAudit({ runId: run.id, type: 'alert.resolved' }))[0], 'the resolved alert evidence');
    expect(restarts(agent.agentId, 'Spooler')).toBe(2);
  });

  it('a service not on the allow-list escalates with the reason, and nothing runs on the device', async () => {
    const agent = await service('CONTOSO-WS01', 'ContosoLOB', 'stop');
    const before = restarts(agent.agentId, 'ContosoLOB');
    const run = await nextRun('CONTOSO-WS01', 'ContosoLOB');
    expect(run.state).toBe('escalated');
    expect(statusOfService('CONTOSO-WS01', 'ContosoLOB')).toBe('stopped');
    expect(restarts(agent.agentId, 'ContosoLOB')).toBe(before);
    const t = await cwTicket(sb, run.ticketId);
    expect(t.status).toBe('Escalated');
    expect(t.notes.find((n) => n.internalAnalysisFlag)?.text).toContain("the service 'ContosoLOB' is not on Contoso Ltd's known-issue allow-list");
    await service('CONTOSO-WS01', 'ContosoLOB', 'start');
  });

  it('a device that maps to no client is ticketed on the MSP company and escalated, nothing run', async () => {
    const agent = await service('LAB-PC01', 'Spooler', 'stop');
    const run = await finishedAlertRun(sb, (r) => r.classification?.params.deviceId === agent.agentId, seen);
    seen.add(run.id);
    expect(run.state).toBe('escalated');
    expect(run.escalationReason).toBe('unknown_client');
    expect(statusOfService('LAB-PC01', 'Spooler')).toBe('stopped');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.companyId).toBe(SANDBOX_MSP_COMPANY.id);
    expect(t.notes.find((n) => n.internalAnalysisFlag)?.text).toContain('which is not mapped to a client');
    await service('LAB-PC01', 'Spooler', 'start');
  });

  it('a restart loop: the fourth stop within the hour escalates as recurring instead of restarting again', async () => {
    const agent = sb.rmm.tactical.agentFor('FABRIKAM-WS01');
    for (let i = 0; i < 3; i++) {
      await service('FABRIKAM-WS01', 'W32Time', 'stop');
      expect((await nextRun('FABRIKAM-WS01', 'W32Time')).state).toBe('resolved');
    }
    await service('FABRIKAM-WS01', 'W32Time', 'stop');
    // Counted after our own stop call: from here on only the app could restart it.
    const before = restarts(agent.agentId, 'W32Time');
    const run = await nextRun('FABRIKAM-WS01', 'W32Time');
    expect(run.state).toBe('escalated');
    expect(run.escalationReason).toBe('recurring');
    expect(restarts(agent.agentId, 'W32Time')).toBe(before);
    expect(statusOfService('FABRIKAM-WS01', 'W32Time')).toBe('stopped');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.companyId).toBe(251);
    expect(t.notes.find((n) => n.internalAnalysisFlag)?.text).toContain('already restarted 3 times');
  });
});
