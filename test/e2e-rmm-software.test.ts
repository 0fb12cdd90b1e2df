import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TACTICAL_FAILURE_BODY, tacticalRestHeaders } from '../integrations/tactical/alert-template.js';
import type { AppConfig } from '../src/config/schema.js';
import type { Run } from '../src/model/run.js';
import { SANDBOX_RMM_IDS, SANDBOX_RMM_SECRETS } from '../src/sandbox/sandbox-rmm.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { cwTicket, finishedAlertRun } from './support/rmm-e2e-kit.js';
import { testSandbox } from './support/sandbox-kit.js';

// Self-service software requests over real HTTP: the user's "Request software" script sets the
// agent's custom field through the Tactical API, the simulated script check fails and Tactical's
// alert template posts the request (application as a structured field) to the app, which
// installs through Tactical's choco API, validates through the inventory and documents on a
// ConnectWise ticket. Contoso's catalogue is the sandbox's; Adobe Reader is pinned to a version
// the package does not deliver, so its validation fails and the install is rolled back.
let sb: Sandbox;
const seen = new Set<string>();
const pinReader = (c: AppConfig): AppConfig => ({
  ...c,
  clients: c.clients.map((cl) => {
    if (cl.id !== 'contoso') return cl;
    const own = cl.remediations['software-install'];
    const catalogue = { ...(own?.settings?.catalogue as Record<string, unknown>), 'Adobe Acrobat Reader': { manager: 'choco', id: 'adobereader', version: '25.0' } };
    return { ...cl, remediations: { ...cl.remediations, 'software-install': { ...own, settings: { ...own?.settings, catalogue } } } };
  }),
});
beforeAll(async () => {
  sb = await testSandbox({ configure: pinReader });
});
afterAll(async () => {
  await sb?.close();
});

const FIELD_ID = 7; // TicketfixSoftwareRequest in the simulated Tactical (GET /core/customfields/)
async function requestSoftware(hostname: string, application: string) {
  const agent = sb.rmm.tactical.agentFor(hostname);
  const res = await fetch(`${sb.urls.rmm.tactical}/agents/${agent.agentId}/`, { method: 'PUT', headers: { ...sb.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ custom_fields: [{ field: FIELD_ID, string_value: application }] }) });
  expect(res.status).toBe(200);
  await sb.rmm.tactical.flushWebhooks();
  return agent;
}
const clearRequest = (hostname: string) => requestSoftware(hostname, '');
const inventory = (hostname: string) => sb.rmm.tactical.agentFor(hostname).device.software.map((s) => s.name);
const chocoInstalls = (agentId: string) => sb.rmm.tactical.pending.filter((p) => p.agentId === agentId && p.action_type === 'chocoinstall');
async function nextRun(agentId: string, application: string): Promise<Run> {
  const run = await finishedAlertRun(sb, (r) => r.classification?.params.deviceId === agentId && r.classification.params.application === application, seen);
  seen.add(run.id);
  return run;
}

describe('software requests through Tactical, end to end in the sandbox', () => {
  it('an in-catalogue request installs it (the inventory lists it), notes the choco 3010 reboot pending and resolves the ticket', async () => {
    sb.rmm.tactical.fleet.injectChocoExitCode('CONTOSO-WS01', 'notepadplusplus', 3010);
    expect(inventory('CONTOSO-WS01').some((n) => n.startsWith('Notepad++'))).toBe(false);
    const agent = await requestSoftware('CONTOSO-WS01', 'Notepad++');
    const run = await nextRun(agent.agentId, 'Notepad++');
    expect(run.state).toBe('resolved');
    expect(run.validation).toMatchObject({ ok: true, observed: { installed: true, exitCode: 3010, rebootPending: true } });
    expect(inventory('CONTOSO-WS01')).toContain('Notepad++ (64-bit x64)');
    expect(chocoInstalls(agent.agentId).map((p) => p.details.name)).toEqual(['notepadplusplus']);
    const t = await cwTicket(sb, run.ticketId);
    expect(t.companyId).toBe(250);
    expect(t.summary).toContain('Software request: Notepad++ on CONTOSO-WS01');
    expect(t.status).toBe('Resolved');
    const note = t.notes.find((n) => n.internalAnalysisFlag && n.text.startsWith('Resolved automatically'))?.text ?? '';
    expect(note).toContain("Requested: Notepad++ on CONTOSO-WS01 (in the client's approved catalogue)");
    expect(note).toContain('A reboot is pending to finish the install.');
    await clearRequest('CONTOSO-WS01');
  });

  it('an out-of-catalogue request escalates with the reason and nothing runs on the device', async () => {
    const before = inventory('CONTOSO-SRV01');
    const agent = await requestSoftware('CONTOSO-SRV01', 'VLC media player');
    const run = await nextRun(agent.agentId, 'VLC media player');
    expect(run.state).toBe('escalated');
    expect(chocoInstalls(agent.agentId)).toEqual([]);
    expect(sb.rmm.tactical.history.filter((h) => h.agentId === agent.agentId)).toEqual([]);
    expect(inventory('CONTOSO-SRV01')).toEqual(before);
    const t = await cwTicket(sb, run.ticketId);
    expect(t.status).toBe('Escalated');
    expect(t.notes.find((n) => n.internalAnalysisFlag)?.text).toContain("'VLC media player' is not in Contoso Ltd's approved software catalogue");
    await clearRequest('CONTOSO-SRV01');
  });

  it('a failed validation (the inventory shows another version than the pinned one) uninstalls it again and escalates', async () => {
    const agent = await requestSoftware('CONTOSO-KIOSK01', 'Adobe Acrobat Reader');
    const run = await nextRun(agent.agentId, 'Adobe Acrobat Reader');
    expect(run.state).toBe('rolled_back');
    expect(chocoInstalls(agent.agentId).map((p) => p.details.name)).toEqual(['adobereader']);
    // The rollback ran the choco uninstall script and the inventory no longer lists it.
    expect(sb.rmm.tactical.history.filter((h) => h.agentId === agent.agentId && h.script === 41)).toHaveLength(1);
    expect(inventory('CONTOSO-KIOSK01').some((n) => n.startsWith('Adobe Acrobat Reader'))).toBe(false);
    const events = await sb.app.store.queryAudit({ runId: run.id });
    expect(events.map((e) => e.type)).toContain('rolled_back');
    const t = await cwTicket(sb, run.ticketId);
    const note = t.notes.find((n) => n.internalAnalysisFlag)?.text ?? '';
    expect(note).toContain('expected 25.0');
    await clearRequest('CONTOSO-KIOSK01');
  });

  it('bad input is refused and loses nothing: an unknown custom field at the Tactical API, an oversized hostname at the webhook', async () => {
    const agent = sb.rmm.tactical.agentFor('CONTOSO-WS01');
    const put = await fetch(`${sb.urls.rmm.tactical}/agents/${agent.agentId}/`, { method: 'PUT', headers: { ...sb.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ custom_fields: [{ field: 99, string_value: 'x' }] }) });
    expect(put.status).toBe(400);
    const runsBefore = (await sb.app.store.listRuns({})).length;
    const unprocessedBefore = (await sb.app.store.listUnprocessedSignals(1000)).length;
    const body = TACTICAL_FAILURE_BODY.replace('{{alert.id}}', '99999').replace('{{agent.agent_id}}', agent.agentId).replace('{{alert.assigned_check.check_type}}', 'script').replace('{{agent.hostname}}', 'x'.repeat(300)).replace(/\{\{[^}]+\}\}/g, 'None');
    const res = await fetch(`${sb.urls.origin}/webhooks/rmm/tactical/${SANDBOX_RMM_IDS.tactical}`, { method: 'POST', headers: tacticalRestHeaders(SANDBOX_RMM_SECRETS.SANDBOX_TACTICAL_WEBHOOK_SECRET), body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('hostname');
    expect((await sb.app.store.listUnprocessedSignals(1000)).length).toBe(unprocessedBefore);
    expect((await sb.app.store.listRuns({})).length).toBe(runsBefore);
  });
});
