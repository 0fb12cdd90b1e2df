import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config/schema.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { cwTicket, until } from './support/rmm-e2e-kit.js';
import { admin, settle, testSandbox } from './support/sandbox-kit.js';

// A storm over real HTTP: the same service stops on more of Contoso's devices than one run may
// touch (maxTargets lowered to 1 here, as the demo has two Contoso devices per RMM).
let sb: Sandbox;
const lowerBlastRadius = (c: AppConfig): AppConfig => ({
  ...c,
  clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, remediations: { ...cl.remediations, 'service-restart': { ...cl.remediations['service-restart'], maxTargets: 1 } } } : cl)),
});
beforeAll(async () => {
  sb = await testSandbox({ configure: lowerBlastRadius });
});
afterAll(async () => {
  await sb?.close();
});

async function stop(hostname: string) {
  const agent = sb.rmm.tactical.agentFor(hostname);
  const res = await fetch(`${sb.urls.rmm.tactical}/services/${agent.agentId}/Spooler/`, { method: 'POST', headers: { ...sb.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ sv_action: 'stop' }) });
  expect(res.status).toBe(200);
}
const spooler = (hostname: string) => sb.rmm.tactical.agentFor(hostname).device.services.find((s) => s.name === 'Spooler')?.status;

describe('storm: the same service on more devices than one run may touch', () => {
  it('produces one approval request and no restart; approving it restarts every device and resolves the ticket', async () => {
    await stop('CONTOSO-WS01');
    await stop('CONTOSO-SRV01');
    await sb.rmm.tactical.flushWebhooks();
    const handler = await until(async () => (await sb.app.store.listRuns({ clientId: 'contoso' })).find((r) => r.state === 'awaiting_approval'), 'the storm approval');
    const runs = await until(async () => {
      const all = await sb.app.store.listRuns({ clientId: 'contoso', remediationId: 'service-restart' });
      return all.length === 2 && all.every((r) => ['awaiting_approval', 'duplicate'].includes(r.state)) ? all : undefined;
    }, 'both alert runs to decide');
    expect(runs.map((r) => r.state).sort()).toEqual(['awaiting_approval', 'duplicate']);
    expect(await sb.app.store.listApprovals('pending')).toHaveLength(1);
    expect(handler.plan!.targets).toHaveLength(2);
    expect([spooler('CONTOSO-WS01'), spooler('CONTOSO-SRV01')]).toEqual(['stopped', 'stopped']);
    await settle(sb);
    expect((await cwTicket(sb, handler.ticketId)).status).toBe('Waiting Approval');

    expect((await admin(sb, 'POST', `/approvals/${handler.approvalId}/approve`, { by: 'alice', planHash: handler.plan!.hash })).status).toBe(200);
    await until(async () => (await sb.app.store.getRun(handler.id))?.state === 'resolved', 'the approved storm run to resolve');
    await settle(sb);
    expect([spooler('CONTOSO-WS01'), spooler('CONTOSO-SRV01')]).toEqual(['running', 'running']);
    const t = await cwTicket(sb, handler.ticketId);
    expect(t.status).toBe('Resolved');
    const note = t.notes.find((n) => n.internalAnalysisFlag && n.text.startsWith('Resolved automatically'))?.text ?? '';
    expect(note).toContain('What stopped: the Spooler service on ');
    expect(note).toContain('CONTOSO-WS01 (stopped)');
    expect(note).toContain('CONTOSO-SRV01 (stopped)');
  });
});
