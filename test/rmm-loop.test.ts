import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installOutcome } from '../remediations/software-install/exit-codes.js';
import { alertMarker } from '../src/engine/alert-ticket.js';
import type { Run } from '../src/model/run.js';
import { GENERIC_ID, MSP_COMPANY, notesQueued, RMM_ID, rmmLoopConfig, rmmLoopWorld, statusQueued, type RmmLoopWorld } from './support/rmm-loop-world.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
let w: RmmLoopWorld | undefined;
afterEach(async () => {
  w?.cw.sim.faults.reset();
  await w?.close();
  w = undefined;
});

async function world(config?: NonNullable<Parameters<typeof rmmLoopWorld>[0]>['config']): Promise<RmmLoopWorld> {
  w = await rmmLoopWorld({ config });
  server.resetHandlers(...w.cw.sim.handlers);
  return w;
}

/** The marker of an alert's first delivery (the world's default delivery key). */
const markerOf = (alertId: string, key = `tactical:${alertId}:failing`) => alertMarker(RMM_ID, key);
const ticketsWith = (wd: RmmLoopWorld, marker: string) => wd.cw.sim.state.tickets.filter((t) => String(t.summary).includes(marker));

describe('alert to ticket to resolved', () => {
  it('a known-issue service stopping opens a ticket for the client, restarts the service, validates and documents', async () => {
    const wd = await world();
    const run = await wd.alert({ alertId: 'a-1', checkId: 'svc:Spooler' });
    expect(run?.state).toBe('resolved');
    expect(wd.rmm.serviceStatus('dev-ws01', 'Spooler')).toBe('running');
    expect(wd.rmm.actions()).toEqual([{ op: 'restartService', deviceId: 'dev-ws01', arg: 'Spooler' }]);
    // The ticket was opened on the client's company, carrying the alert marker.
    const [ticket] = ticketsWith(wd, markerOf('a-1'));
    expect(ticket?.company?.id).toBe(250);
    expect(run!.ticketId).toBe(String(ticket!.id));
    expect(run!.clientId).toBe('contoso');
    const out = await wd.outbox(run!.id);
    const [note] = notesQueued(out);
    expect(note).toContain('What stopped: the Spooler service on CONTOSO-WS01');
    expect(note).toContain('restarted through the RMM');
    expect(note).toContain('reports Spooler running on CONTOSO-WS01 and the tactical check svc:Spooler passes again');
    expect(statusQueued(out)).toEqual(['Resolved']);
    expect(out.filter((i) => i.kind === 'time_entry')).toHaveLength(1);
    const [received] = await wd.store.queryAudit({ runId: run!.id, type: 'received' });
    expect(received!.data.alert).toMatchObject({ alertId: 'a-1', category: 'service_stopped', service: 'Spooler' });
  });

  it("uses the RMM's own ticket when it belongs to the client, and ignores one of another company", async () => {
    const wd = await world();
    const own = wd.cw.sim.createTicket({ summary: 'Tactical: Spooler down', company: { id: 250 } });
    const run = await wd.alert({ alertId: 'a-own', psaTicketId: String(own.id) });
    expect(run?.ticketId).toBe(String(own.id));
    expect(run?.state).toBe('resolved');
    wd.rmm.setService('dev-ws01', 'Spooler', 'stopped');
    const foreign = wd.cw.sim.createTicket({ summary: 'someone else', company: { id: 251 } });
    const second = await wd.alert({ alertId: 'a-foreign', psaTicketId: String(foreign.id) });
    expect(second?.ticketId).not.toBe(String(foreign.id));
    expect(ticketsWith(wd, markerOf('a-foreign'))).toHaveLength(1);
  });

  it('the resolved alert is recorded as validation evidence on the run, and starts nothing', async () => {
    const wd = await world();
    const run = await wd.alert({ alertId: 'a-2' });
    const before = wd.cw.sim.state.tickets.length;
    const again = await wd.alert({ alertId: 'a-2', status: 'resolved' });
    expect(again?.id).toBe(run!.id);
    expect(await wd.runs()).toHaveLength(1);
    expect(wd.cw.sim.state.tickets.length).toBe(before);
    const [evidence] = await wd.store.queryAudit({ runId: run!.id, type: 'alert.resolved' });
    expect(evidence!.data).toMatchObject({ alertId: 'a-2', deviceId: 'dev-ws01', service: 'Spooler' });
    expect(wd.rmm.actions()).toHaveLength(1);
  });

  it('dry-run records the exact RMM request and changes nothing on the device', async () => {
    const wd = await world((i) => rmmLoopConfig({ contoso: { dryRun: true } }, i));
    const run = await wd.alert({ alertId: 'a-dry' });
    expect(run?.state).toBe('dry_run');
    expect(wd.rmm.actions()).toHaveLength(0);
    const [event] = await wd.store.queryAudit({ runId: run!.id, type: 'dry_run' });
    expect(event!.data.wouldSend).toEqual([expect.objectContaining({ system: 'tactical', method: 'POST', url: 'https://rmm.example.test/services/dev-ws01/Spooler/', body: { sv_action: 'restart' } })]);
  });
});

describe('escalations: nothing runs on the device', () => {
  async function escalated(wd: RmmLoopWorld, run: Run | null) {
    expect(run?.state).toBe('escalated');
    expect(wd.rmm.actions()).toHaveLength(0);
    const out = await wd.outbox(run!.id);
    expect(statusQueued(out)).toEqual(['Escalated']);
    return notesQueued(out)[0]!;
  }

  it('a service not on the allow-list for the device group', async () => {
    const wd = await world();
    const run = await wd.alert({ alertId: 'a-3', serviceName: 'BadSvc' });
    const note = await escalated(wd, run);
    expect(run!.escalationReason).toBe('out_of_scope');
    expect(note).toContain("the service 'BadSvc' is not on Contoso Ltd's known-issue allow-list for device group 'Head Office'");
  });

  it("an allow-list entry of another group does not count (Spooler is allowed for 'Head Office' only)", async () => {
    const wd = await world();
    wd.rmm.devices.set('dev-ws01', { ...wd.rmm.devices.get('dev-ws01')!, group: 'Warehouse' });
    const run = await wd.alert({ alertId: 'a-3b' });
    expect(await escalated(wd, run)).toContain("for device group 'Warehouse'");
  });

  it('a device that maps to no client: ticketed on the MSP company, never on a client', async () => {
    const wd = await world();
    const run = await wd.alert({ alertId: 'a-4', deviceId: 'dev-lab01', organisationHint: 'org-contoso' });
    const note = await escalated(wd, run);
    expect(run!.escalationReason).toBe('unknown_client');
    expect(run!.clientId).toBeNull();
    expect(note).toContain('device LAB-PC01 (dev-lab01) is in tactical organisation org-lab, which is not mapped to a client');
    expect(ticketsWith(wd, markerOf('a-4'))[0]?.company?.id).toBe(MSP_COMPANY);
  });

  it('a device the RMM does not know', async () => {
    const wd = await world();
    const run = await wd.alert({ alertId: 'a-5', deviceId: 'dev-ghost' });
    expect(await escalated(wd, run)).toContain('device dev-ghost does not exist');
  });

  it('a restart loop: after N restarts in the window the next alert escalates as recurring', async () => {
    const wd = await world();
    for (let i = 1; i <= 3; i++) {
      wd.rmm.setService('dev-ws01', 'Spooler', 'stopped');
      expect((await wd.alert({ alertId: `loop-${i}` }))?.state).toBe('resolved');
      wd.clock.now += 60_000;
    }
    wd.rmm.setService('dev-ws01', 'Spooler', 'stopped');
    const fourth = await wd.alert({ alertId: 'loop-4' });
    expect(fourth?.state).toBe('escalated');
    expect(fourth?.escalationReason).toBe('recurring');
    expect(wd.rmm.actions()).toHaveLength(3);
    expect(notesQueued(await wd.outbox(fourth!.id))[0]).toContain('already restarted 3 times in the last 60 minutes');
    // Outside the window the count starts again.
    wd.clock.now += 61 * 60_000;
    expect((await wd.alert({ alertId: 'loop-5' }))?.state).toBe('resolved');
  });

  it('a service that does not stay up fails validation and escalates (no silent retry)', async () => {
    const wd = await world();
    wd.rmm.wontStart.add('dev-ws01:spooler');
    const run = await wd.alert({ alertId: 'a-6' });
    expect(run?.state).toBe('escalated');
    expect(run?.escalationReason).toBe('validation_failed');
    expect(wd.rmm.actions()).toHaveLength(1);
  });
});

describe('storm: the same service on many devices', () => {
  it('twenty devices within the window produce one approval request and no restart; approving restarts them all', async () => {
    const wd = await world((i) => rmmLoopConfig({ serviceRestart: { settleSeconds: 5, stormWindowSeconds: 60 } }, i));
    for (let n = 1; n <= 20; n++) wd.rmm.addDevice({ id: `dev-s${n}`, name: `CONTOSO-S${n}`, organisationId: 'org-contoso', group: 'Head Office', online: true }, { Spooler: 'stopped' });
    for (let n = 1; n <= 20; n++) {
      const r = await wd.alert({ alertId: `storm-${n}`, deviceId: `dev-s${n}` });
      expect(r?.state).toBe('received');
      wd.clock.now += 500;
    }
    expect(wd.rmm.actions()).toHaveLength(0);
    wd.clock.now += 6_000;
    for (const r of await wd.runs()) await wd.engine.resumeRun(r.id);
    const runs = await wd.runs();
    const waiting = runs.filter((r) => r.state === 'awaiting_approval');
    expect(waiting).toHaveLength(1);
    expect(runs.filter((r) => r.state === 'duplicate')).toHaveLength(19);
    expect(await wd.store.listApprovals('pending')).toHaveLength(1);
    expect(waiting[0]!.plan!.targets).toHaveLength(20);
    expect(wd.rmm.actions()).toHaveLength(0);
    const covered = runs.find((r) => r.state === 'duplicate')!;
    expect(notesQueued(await wd.outbox(covered.id))[0]).toContain('One approval request covers them');

    await wd.engine.decide(waiting[0]!.approvalId!, 'approved', 'alice');
    expect((await wd.engine.resumeRun(waiting[0]!.id))?.state).toBe('resolved');
    expect(wd.rmm.actions()).toHaveLength(20);
  });

  it('without a settle window a storm is still one approval once recognised (earlier devices were single restarts)', async () => {
    const wd = await world((i) => rmmLoopConfig({ serviceRestart: { settleSeconds: 0 } }, i));
    for (let n = 1; n <= 7; n++) wd.rmm.addDevice({ id: `dev-s${n}`, name: `CONTOSO-S${n}`, organisationId: 'org-contoso', group: 'Head Office', online: true }, { Spooler: 'stopped' });
    const states: string[] = [];
    for (let n = 1; n <= 7; n++) states.push((await wd.alert({ alertId: `ns-${n}`, deviceId: `dev-s${n}` }))!.state);
    // maxTargets is 5: the first five are restarted as they come, the sixth is recognised as a storm.
    expect(states).toEqual(['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'awaiting_approval', 'duplicate']);
    expect(wd.rmm.actions()).toHaveLength(5);
    expect(await wd.store.listApprovals('pending')).toHaveLength(1);
  });

  it('a few devices (within maxTargets) are restarted one by one after settling', async () => {
    const wd = await world((i) => rmmLoopConfig({ serviceRestart: { settleSeconds: 5 } }, i));
    wd.rmm.addDevice({ id: 'dev-s1', name: 'CONTOSO-S1', organisationId: 'org-contoso', group: 'Head Office', online: true }, { Spooler: 'stopped' });
    await wd.alert({ alertId: 'few-1' });
    await wd.alert({ alertId: 'few-2', deviceId: 'dev-s1' });
    expect(wd.rmm.actions()).toHaveLength(0);
    wd.clock.now += 7_000;
    for (const r of await wd.runs()) await wd.engine.resumeRun(r.id);
    expect((await wd.runs()).map((r) => r.state)).toEqual(['resolved', 'resolved']);
    expect(wd.rmm.actions()).toHaveLength(2);
  });
});

describe('software requests', () => {
  it('a catalogue application installs (choco 3010: success, reboot pending noted)', async () => {
    const wd = await world();
    wd.rmm.installExitCode = 3010;
    const run = await wd.alert({ alertId: 'sw-1', category: 'software_request', serviceName: undefined, application: 'zoom' });
    expect(run?.state).toBe('resolved');
    expect(wd.rmm.actions()).toEqual([{ op: 'installSoftware', deviceId: 'dev-ws01', arg: 'zoom' }]);
    const note = notesQueued(await wd.outbox(run!.id))[0]!;
    expect(note).toContain('Requested: Zoom on CONTOSO-WS01');
    expect(note).toContain('A reboot is pending');
  });

  it('a failing choco exit code does not validate: rolled back and escalated', async () => {
    const wd = await world();
    wd.rmm.installExitCode = 1603;
    const run = await wd.alert({ alertId: 'sw-2', category: 'software_request', serviceName: undefined, application: 'Zoom' });
    expect(run?.state).toBe('escalated');
    expect(run?.escalationReason).toBe('api_error');
    expect(run?.detail).toContain('choco exit code 1603');
  });

  it('outside the catalogue: escalates by default, nothing installed', async () => {
    const wd = await world();
    const run = await wd.alert({ alertId: 'sw-3', category: 'software_request', serviceName: undefined, application: 'BitTorrent' });
    expect(run?.state).toBe('escalated');
    expect(notesQueued(await wd.outbox(run!.id))[0]).toContain("'BitTorrent' is not in Contoso Ltd's approved software catalogue");
    expect(wd.rmm.actions()).toHaveLength(0);
  });

  it('outside the catalogue with policy approval: waits for a person to approve the exact package', async () => {
    const wd = await world((i) => rmmLoopConfig({ softwareInstall: { outOfCatalogue: 'approval' } }, i));
    const run = await wd.alert({ alertId: 'sw-4', category: 'software_request', serviceName: undefined, application: 'vlc' });
    expect(run?.state).toBe('awaiting_approval');
    const [approval] = await wd.store.listApprovals('pending');
    expect(approval!.reason).toContain("'vlc' is not in the client's approved catalogue");
    expect(wd.rmm.actions()).toHaveLength(0);
  });

  it('choco exit codes 0, 1641 and 3010 are success (the last two with a reboot pending); others fail', () => {
    const job = (exitCode: number | null, status: 'completed' | 'failed' | 'timeout' = 'completed') => ({ jobId: 'j', status, exitCode, stdout: '', stderr: '' });
    expect(installOutcome('choco', job(0))).toMatchObject({ ok: true, rebootPending: false });
    expect(installOutcome('choco', job(1641))).toMatchObject({ ok: true, rebootPending: true });
    expect(installOutcome('choco', job(3010))).toMatchObject({ ok: true, rebootPending: true });
    expect(installOutcome('choco', job(1, 'failed'))).toMatchObject({ ok: false });
    expect(installOutcome('choco', job(1603))).toMatchObject({ ok: false });
    expect(installOutcome('winget', job(3010))).toMatchObject({ ok: false });
    expect(installOutcome('choco', job(null, 'timeout'))).toMatchObject({ ok: false });
  });
});

describe('idempotent ticket creation', () => {
  it('the same alert delivered twice opens one ticket and one run', async () => {
    const wd = await world((i) => rmmLoopConfig({ serviceRestart: { settleSeconds: 5 } }, i));
    await wd.alert({ alertId: 'dup-1' }, { deliveryKey: 'k1' });
    const second = await wd.alert({ alertId: 'dup-1' }, { deliveryKey: 'k2' });
    expect(await wd.runs()).toHaveLength(1);
    expect(second?.id).toBe((await wd.runs())[0]!.id);
    expect(ticketsWith(wd, markerOf('dup-1', 'k1'))).toHaveLength(1);
    expect(ticketsWith(wd, markerOf('dup-1', 'k2'))).toHaveLength(0);
  });

  it('an RMM that reuses the alert id when the condition fires again gets a new ticket for the new occurrence', async () => {
    const wd = await world();
    const first = await wd.alert({ alertId: 'cond-1' }, { deliveryKey: 'ninja:cond-1:act-1' });
    wd.rmm.setService('dev-ws01', 'Spooler', 'stopped');
    const second = await wd.alert({ alertId: 'cond-1' }, { deliveryKey: 'ninja:cond-1:act-2' });
    expect([first?.state, second?.state]).toEqual(['resolved', 'resolved']);
    expect(second!.ticketId).not.toBe(first!.ticketId);
  });

  it('a create whose answer was lost is found by its marker, not created again', async () => {
    const wd = await world();
    wd.cw.sim.faults.loseResponseNext(1, { method: 'POST', path: /\/service\/tickets$/ });
    const run = await wd.alert({ alertId: 'amb-1' });
    expect(run?.state).toBe('resolved');
    expect(ticketsWith(wd, markerOf('amb-1'))).toHaveLength(1);
  });

  it('after a crash between the create and its record, the retry finds the ticket by its marker', async () => {
    const wd = await world();
    const marker = markerOf('crash-1');
    await wd.store.setKv(`alert-ticket:${RMM_ID}:tactical:crash-1:failing`, { marker, pending: true });
    const landed = await wd.deps.psa('acme').createTicket({ companyId: '250', summary: 'Service Spooler stopped on CONTOSO-WS01', description: 'x', marker });
    const run = await wd.alert({ alertId: 'crash-1' });
    expect(run?.ticketId).toBe(landed.id);
    expect(ticketsWith(wd, marker)).toHaveLength(1);
  });

  it('a PSA failure that surely did not land leaves the signal unprocessed (retried later), with no ticket and no run', async () => {
    const wd = await world();
    wd.cw.sim.faults.failNext(1, { method: 'POST', path: /\/service\/tickets$/, status: 400 });
    await expect(wd.alert({ alertId: 'fail-1' })).rejects.toThrow();
    expect(await wd.runs()).toHaveLength(0);
    expect(await wd.store.listUnprocessedSignals(10)).toHaveLength(1);
    const retried = await wd.engine.handleSignal((await wd.store.listUnprocessedSignals(10))[0]!.id);
    expect(retried?.state).toBe('resolved');
    expect(ticketsWith(wd, markerOf('fail-1'))).toHaveLength(1);
  });
});

describe('generic signed callbacks (no RMM API)', () => {
  it("map to the client by the installation's configured organisation, and escalate: nothing can be done through them", async () => {
    const wd = await world();
    const run = await wd.alert({ rmm: 'generic', alertId: 'g-1', category: 'software_request', serviceName: undefined, application: 'Zoom', deviceId: 'pc-77', organisationHint: 'org-fabrikam' }, { installationId: GENERIC_ID });
    expect(run?.clientId).toBe('contoso');
    expect(run?.state).toBe('escalated');
    expect(run?.escalationReason).toBe('out_of_scope');
    expect(notesQueued(await wd.outbox(run!.id))[0]).toContain('generic RMM callbacks cannot act');
    expect(wd.rmm.actions()).toHaveLength(0);
  });
});

describe('text tickets never choose a device', () => {
  it('a PSA ticket asking to restart a service on a named PC is not acted on', async () => {
    const wd = await world();
    const t = wd.cw.sim.createTicket({ summary: 'Please restart the print spooler service on CONTOSO-WS01', company: { id: 250 } });
    await wd.store.putSignal({ id: 'psa-1', installationId: 'acme', source: 'connectwise', kind: 'ticket', deliveryKey: 'cw:x', action: 'added', ticketId: String(t.id), receivedAt: new Date().toISOString() });
    const run = await wd.engine.handleSignal('psa-1');
    expect(run?.state).toBe('escalated');
    expect(run?.detail).toContain('only for an RMM alert');
    expect(wd.rmm.actions()).toHaveLength(0);
  });
});

describe('shadow mode for alerts', () => {
  it('opens no ticket and touches no device; the run holds the would-be ticket and the planned restart', async () => {
    const wd = await world((i) => rmmLoopConfig({ contoso: { shadow: true } }, i));
    const ticketsBefore = wd.cw.sim.state.tickets.length;
    const run = await wd.alert({ alertId: 'sh-1', checkId: 'svc:Spooler' });
    expect(run?.state).toBe('dry_run');
    expect(run?.ticketId).toMatch(/^shadow-alert-/);
    expect(wd.cw.sim.state.tickets.length).toBe(ticketsBefore);
    expect(wd.rmm.actions()).toEqual([]);
    expect(await wd.outbox(run!.id)).toEqual([]);
    const [received] = await wd.store.queryAudit({ runId: run!.id, type: 'received' });
    expect(received?.data).toMatchObject({ shadow: true, ticketCreated: false, wouldOpenTicket: { companyId: '250', marker: markerOf('sh-1') } });
    const [dry] = await wd.store.queryAudit({ runId: run!.id, type: 'dry_run' });
    expect((dry?.data.wouldSend as { summary: string }[]).map((c) => c.summary)).toEqual([expect.stringContaining('restart service Spooler on')]);
  });

  it('a run that started in shadow stays shadow when shadow is switched off before it decides: its ticket exists nowhere', async () => {
    const wd = await world((i) => rmmLoopConfig({ contoso: { shadow: true }, serviceRestart: { settleSeconds: 5 } }, i));
    const settling = await wd.alert({ alertId: 'sh-2', checkId: 'svc:Spooler' });
    expect(settling?.state).toBe('received');
    wd.deps.config.clients.find((c) => c.id === 'contoso')!.shadow = false;
    wd.clock.now += 7_000;
    const run = await wd.engine.resumeRun(settling!.id);
    expect(run?.state).toBe('dry_run');
    expect(run?.dryRun).toBe(true);
    expect(wd.rmm.actions()).toEqual([]);
    expect(ticketsWith(wd, markerOf('sh-2'))).toEqual([]);
    expect(await wd.outbox(run!.id)).toEqual([]);
  });
});
