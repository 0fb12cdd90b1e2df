import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config/schema.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { finishedAlertRun } from './support/rmm-e2e-kit.js';
import { settle, testSandbox } from './support/sandbox-kit.js';

// Shadow mode for RMM alerts over real HTTP: the Tactical simulator fires the alert webhook, the
// app runs the loop, and neither the PSA simulator nor the RMM simulator sees a single write.
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const shadowClient = (c: AppConfig): AppConfig => ({ ...c, clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, shadow: true } : cl)) });
const shadowRestartPolicy = (c: AppConfig): AppConfig => ({
  ...c,
  clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, remediations: { ...cl.remediations, 'service-restart': { ...cl.remediations['service-restart'], shadow: true } } } : cl)),
});

async function stop(s: Sandbox, hostname: string, service: string) {
  const agent = s.rmm.tactical.agentFor(hostname);
  const res = await fetch(`${s.urls.rmm.tactical}/services/${agent.agentId}/${service}/`, { method: 'POST', headers: { ...s.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ sv_action: 'stop' }) });
  expect(res.status).toBe(200);
  await s.rmm.tactical.flushWebhooks();
  return agent;
}

/** Everything the app itself sent to the simulated RMM other than reads. */
const rmmWrites = (s: Sandbox) => s.rmm.tactical.calls.filter((c) => c.method !== 'GET');
const serviceStatus = (s: Sandbox, hostname: string, name: string) => s.rmm.tactical.agentFor(hostname).device.services.find((x) => x.name === name)?.status;

describe('shadow mode for RMM alerts: no ticket, no note, no RMM action; the run records the plan', () => {
  it.each([
    ['the client is in shadow', shadowClient],
    ['the service-restart policy is in shadow', shadowRestartPolicy],
  ])('%s: a stopped known-issue service stays stopped, no PSA ticket is opened, the run holds the would-be ticket and the exact restart request', async (_what, configure) => {
    sb = await testSandbox({ configure });
    const s = sb;
    const ticketsBefore = s.connectwise.state.tickets.length;
    const agent = await stop(s, 'CONTOSO-WS01', 'Spooler');
    const writesAfterOurStop = rmmWrites(s).length;

    const run = await finishedAlertRun(s, (r) => r.classification?.params.deviceId === agent.agentId && r.classification.params.service === 'Spooler');
    await settle(s);
    expect(run.state).toBe('dry_run');
    expect(run.dryRun).toBe(true);
    expect(run.detail).toMatch(/^shadow:/);
    expect(run.ticketId).toMatch(/^shadow-alert-/);

    // Nothing changed in either simulator.
    expect(s.connectwise.state.tickets.length).toBe(ticketsBefore);
    expect(s.connectwise.calls.filter((c) => c.method !== 'GET' && c.path.startsWith('/service/tickets'))).toEqual([]);
    expect(rmmWrites(s).length).toBe(writesAfterOurStop);
    expect(serviceStatus(s, 'CONTOSO-WS01', 'Spooler')).toBe('stopped');
    expect(await s.app.store.listOutbox({ runId: run.id })).toEqual([]);

    // The run records what would have been done.
    const events = await s.app.store.queryAudit({ runId: run.id });
    const received = events.find((e) => e.type === 'received');
    expect(received?.data).toMatchObject({ ticketCreated: false, shadow: true, wouldOpenTicket: { psaInstallationId: 'sandbox-cw', companyId: '250' } });
    expect((received?.data.wouldOpenTicket as { summary: string }).summary).toContain('Service Spooler stopped on CONTOSO-WS01');
    const dry = events.find((e) => e.type === 'dry_run');
    expect(dry?.data.shadow).toBe(true);
    const wouldSend = dry?.data.wouldSend as { system: string; method: string; url: string; body: unknown }[];
    expect(wouldSend).toHaveLength(1);
    expect(wouldSend[0]).toMatchObject({ system: 'tactical', method: 'POST', url: `${s.urls.rmm.tactical}/services/${agent.agentId}/Spooler/`, body: { sv_action: 'start' } });
    expect((await s.app.store.verifyAudit()).ok).toBe(true);
  });

  it('an out-of-scope alert for a shadow client escalates without opening or touching any ticket', async () => {
    sb = await testSandbox({ configure: shadowClient });
    const s = sb;
    const ticketsBefore = s.connectwise.state.tickets.length;
    const agent = await stop(s, 'CONTOSO-WS01', 'ContosoLOB');
    const run = await finishedAlertRun(s, (r) => r.classification?.params.deviceId === agent.agentId && r.classification.params.service === 'ContosoLOB');
    await settle(s);
    expect(run.state).toBe('escalated');
    expect(s.connectwise.state.tickets.length).toBe(ticketsBefore);
    const events = await s.app.store.queryAudit({ runId: run.id });
    const skipped = events.find((e) => e.type === 'shadow.write_back_skipped');
    expect(skipped?.data.purpose).toBe('escalation');
    expect(events.find((e) => e.type === 'escalated')?.data).toMatchObject({ shadow: true, ticketUpdated: false });
    expect(serviceStatus(s, 'CONTOSO-WS01', 'ContosoLOB')).toBe('stopped');
  });
});
