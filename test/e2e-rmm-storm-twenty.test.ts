import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_COUNT, DEMO_KIOSK_SERVICE, demoKioskHostname } from '../mocks/demo-data.js';
import type { AppConfig } from '../src/config/schema.js';
import type { Run } from '../src/model/run.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { cwTicket, until } from './support/rmm-e2e-kit.js';
import { admin, settle, testSandbox } from './support/sandbox-kit.js';

// The done-when over real HTTP: twenty devices alerting on the same service within a
// minute produce one approval request, not twenty restarts. The demo's twenty Contoso kiosks
// (mocks/demo-data.ts) run KioskShell, on Contoso's allow-list; the sandbox policy's blast
// radius is 5. The settle window is shortened so the test stays quick.
let sb: Sandbox;
const quickSettle = (c: AppConfig): AppConfig => ({
  ...c,
  clients: c.clients.map((cl) => {
    if (cl.id !== 'contoso') return cl;
    const own = cl.remediations['service-restart'];
    return { ...cl, remediations: { ...cl.remediations, 'service-restart': { ...own, settings: { ...own?.settings, settleSeconds: 1 } } } };
  }),
});
beforeAll(async () => {
  sb = await testSandbox({ configure: quickSettle });
});
afterAll(async () => {
  await sb?.close();
});

const kiosks = Array.from({ length: DEMO_KIOSK_COUNT }, (_, i) => demoKioskHostname(i + 1));
const agentOf = (hostname: string) => sb.rmm.tactical.agentFor(hostname);
const shellStatus = (hostname: string) => agentOf(hostname).device.services.find((s) => s.name === DEMO_KIOSK_SERVICE)?.status;
/** Successful service-control POSTs for KioskShell the Tactical simulator answered (our stops and any restart). */
const serviceControls = () => sb.rmm.tactical.calls.filter((c) => c.method === 'POST' && c.path.endsWith(`/${DEMO_KIOSK_SERVICE}/`) && c.status === 200).length;
const kioskRuns = async () => (await sb.app.store.listRuns({ clientId: 'contoso', remediationId: 'service-restart' })).filter((r) => r.classification?.params.service === DEMO_KIOSK_SERVICE);

describe('twenty kiosks alerting on the same service within a minute', () => {
  it('produce one approval request and no restart; approving the exact plan restarts and validates all twenty', async () => {
    expect(kiosks.map(shellStatus)).toEqual(kiosks.map(() => 'running'));
    // Someone (or a bad update) stops the service on all twenty at once, through the Tactical API.
    await Promise.all(
      kiosks.map(async (h) => {
        const res = await fetch(`${sb.urls.rmm.tactical}/services/${agentOf(h).agentId}/${DEMO_KIOSK_SERVICE}/`, { method: 'POST', headers: { ...sb.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ sv_action: 'stop' }) });
        expect(res.status).toBe(200);
      }),
    );
    await sb.rmm.tactical.flushWebhooks();
    expect(serviceControls()).toBe(DEMO_KIOSK_COUNT);

    const runs = await until(async () => {
      const all = await kioskRuns();
      return all.length === DEMO_KIOSK_COUNT && all.every((r) => ['awaiting_approval', 'duplicate'].includes(r.state)) ? all : undefined;
    }, 'all twenty alert runs to decide', 60_000);
    await settle(sb);

    // One approval request: one run waits, one approval record, the other nineteen are covered by it.
    const handler = runs.find((r) => r.state === 'awaiting_approval')!;
    expect(runs.filter((r) => r.state === 'awaiting_approval')).toHaveLength(1);
    const covered = runs.filter((r) => r.state === 'duplicate');
    expect(covered).toHaveLength(DEMO_KIOSK_COUNT - 1);
    expect(await sb.app.store.listApprovals()).toHaveLength(1);
    expect(handler.plan!.targets.map((t) => t.id).sort()).toEqual(kiosks.map((h) => agentOf(h).agentId).sort());
    // Zero restarts before approval: no service-control call beyond our twenty stops, all still stopped.
    expect(serviceControls()).toBe(DEMO_KIOSK_COUNT);
    expect(kiosks.map(shellStatus)).toEqual(kiosks.map(() => 'stopped'));

    // Exactly one "waiting for approval" note across every ticket the storm opened; each covered run's ticket says why nothing ran.
    const tickets = await Promise.all(runs.map(async (r) => [r, await cwTicket(sb, r.ticketId)] as const));
    const approvalNotes = tickets.flatMap(([, t]) => t.notes.filter((n) => n.text.startsWith('Automation is waiting for approval')));
    expect(approvalNotes).toHaveLength(1);
    expect(approvalNotes[0]!.text).toContain(`storm: ${DEMO_KIOSK_SERVICE} failed on ${DEMO_KIOSK_COUNT} devices`);
    for (const [run, t] of tickets.filter(([r]) => r.state === 'duplicate')) {
      expect(t.notes.some((n) => n.text.includes('This alert is part of a storm') && n.text.includes(`run ${handler.id}`)), `storm note on run ${run.id}'s ticket`).toBe(true);
    }
    expect((await cwTicket(sb, handler.ticketId)).status).toBe('Waiting Approval');

    // Approve the exact plan (its hash) through the admin API.
    const shown = await admin<{ approval: { planHash: string } }>(sb, 'GET', `/approvals/${handler.approvalId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.approval.planHash).toBe(handler.plan!.hash);
    expect((await admin(sb, 'POST', `/approvals/${handler.approvalId}/approve`, { by: 'alice', planHash: handler.plan!.hash })).status).toBe(200);
    const done = await until(async () => {
      const r = await sb.app.store.getRun(handler.id);
      return r && ['resolved', 'escalated', 'rolled_back'].includes(r.state) ? r : undefined;
    }, 'the approved storm run to finish', 90_000);
    await settle(sb);

    expect(done.state).toBe('resolved');
    expect(done.validation?.ok).toBe(true);
    expect(kiosks.map(shellStatus)).toEqual(kiosks.map(() => 'running'));
    // One restart per kiosk, no more.
    expect(serviceControls()).toBe(2 * DEMO_KIOSK_COUNT);
    const t = await cwTicket(sb, handler.ticketId);
    expect(t.status).toBe('Resolved');
    const resolution = t.notes.find((n) => n.internalAnalysisFlag && n.text.startsWith('Resolved automatically'))?.text ?? '';
    for (const h of kiosks) expect(resolution).toContain(`${h} (stopped)`);
    // The covered runs stay covered: nothing ran twice.
    const after = await kioskRuns();
    expect(after.filter((r: Run) => r.state === 'duplicate')).toHaveLength(DEMO_KIOSK_COUNT - 1);
  });
});
