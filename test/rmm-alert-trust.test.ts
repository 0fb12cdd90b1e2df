import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TACTICAL_FAILURE_BODY, tacticalRestHeaders } from '../integrations/tactical/alert-template.js';
import type { AppConfig } from '../src/config/schema.js';
import { SANDBOX_RMM_IDS, SANDBOX_RMM_SECRETS } from '../src/sandbox/sandbox-rmm.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { finishedAlertRun, until } from './support/rmm-e2e-kit.js';
import { testSandbox } from './support/sandbox-kit.js';

// Alerts are trusted only as far as the webhook secret goes: whoever holds it can post any body.
// A software request's application is read from the device (the RMM's own record of the request
// check's output), installs go only to the device classes the client's catalogue names, and the
// tickets alerts can open are capped per device and per client per hour.
let sb: Sandbox;
const withCaps = (c: AppConfig): AppConfig => ({ ...c, rmms: c.rmms.map((r) => (r.id === SANDBOX_RMM_IDS.tactical ? { ...r, alertTickets: { perDevicePerHour: 2, perClientPerHour: 5 } } : r)) });
beforeAll(async () => {
  sb = await testSandbox({ configure: withCaps });
});
afterAll(async () => {
  await sb?.close();
});

/** What someone holding the Tactical webhook secret can post: the app's own template, filled in by hand. */
async function forge(fields: Record<string, string>): Promise<number> {
  let body = TACTICAL_FAILURE_BODY;
  for (const [k, v] of Object.entries(fields)) body = body.replace(`{{${k}}}`, v);
  const json = JSON.parse(body.replace(/\{\{[^}]+\}\}/g, 'None')) as Record<string, unknown>;
  // Old templates carried the request in the body; the forger adds it back.
  if (fields.requested_app) json.requested_app = fields.requested_app;
  const res = await fetch(`${sb.urls.origin}/webhooks/rmm/tactical/${SANDBOX_RMM_IDS.tactical}`, { method: 'POST', headers: tacticalRestHeaders(SANDBOX_RMM_SECRETS.SANDBOX_TACTICAL_WEBHOOK_SECRET), body: JSON.stringify(json) });
  return res.status;
}
const chocoInstalls = (agentId: string) => sb.rmm.tactical.pending.filter((p) => p.agentId === agentId && p.action_type === 'chocoinstall');
const FIELD_ID = 7; // TicketfixSoftwareRequest in the simulated Tactical

describe('RMM alerts are not trusted further than the RMM itself', () => {
  it('a forged software request (application only in the body, the device holds no request) installs nothing', async () => {
    const agent = sb.rmm.tactical.agentFor('CONTOSO-WS01');
    expect(agent.softwareRequestCheck.status).toBe('passing');
    const status = await forge({ 'alert.id': '880001', 'agent.agent_id': agent.agentId, 'agent.hostname': 'CONTOSO-WS01', 'alert.assigned_check.id': String(agent.softwareRequestCheck.id), 'alert.assigned_check.check_type': 'script', requested_app: 'Notepad++' });
    expect(status).toBe(202);
    const run = await finishedAlertRun(sb, (r) => r.classification?.params.alertId === '880001');
    expect(run.state).toBe('escalated');
    expect(run.classification?.params.application).toBeUndefined();
    expect(chocoInstalls(agent.agentId)).toEqual([]);
  });

  it('a real request on a server is refused: the catalogue installs on workstations only', async () => {
    const agent = sb.rmm.tactical.agentFor('CONTOSO-SRV01');
    const put = await fetch(`${sb.urls.rmm.tactical}/agents/${agent.agentId}/`, { method: 'PUT', headers: { ...sb.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ custom_fields: [{ field: FIELD_ID, string_value: 'Notepad++' }] }) });
    expect(put.status).toBe(200);
    await sb.rmm.tactical.flushWebhooks();
    const run = await finishedAlertRun(sb, (r) => r.classification?.params.deviceId === agent.agentId && r.classification.params.application === 'Notepad++');
    expect(run.state).toBe('escalated');
    expect(run.detail).toContain('CONTOSO-SRV01 is a server');
    expect(chocoInstalls(agent.agentId)).toEqual([]);
  });

  it('caps the tickets alerts open: 2 per device and 5 per client per hour; the rest are recorded without a ticket', async () => {
    // Contoso already had 2 alert tickets in this file (the two tests above): 3 more are allowed.
    const k1 = sb.rmm.tactical.agentFor('CONTOSO-KIOSK01');
    const k2 = sb.rmm.tactical.agentFor('CONTOSO-KIOSK02');
    const alertOn = (agent: typeof k1, id: string) => forge({ 'alert.id': id, 'agent.agent_id': agent.agentId, 'agent.hostname': agent.device.hostname, 'alert.alert_type': 'availability' });
    const ids = async () => (await sb.app.store.listRuns({})).map((r) => r.classification?.params.alertId ?? '').filter((id) => id.startsWith('8900')).sort();
    const processed = () => until(async () => (await sb.app.store.listUnprocessedSignals(100)).length === 0, 'the alerts to be processed');
    for (const id of ['890001', '890002', '890003']) expect(await alertOn(k1, id)).toBe(202);
    await processed();
    expect(await ids()).toEqual(['890001', '890002']);
    for (const id of ['890004', '890005']) expect(await alertOn(k2, id)).toBe(202);
    await processed();
    expect(await ids()).toEqual(['890001', '890002', '890004']);
  });
});
