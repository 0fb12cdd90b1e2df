import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../integrations/generic-rmm/verify-signature.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { cwTicket, finishedAlertRun } from './support/rmm-e2e-kit.js';
import { testSandbox } from './support/sandbox-kit.js';

// Software requests through the sandbox's generic signed callback (mapped to Contoso by its installation).
let sb: Sandbox;
let generic: { webhook: string; secret: string };
beforeAll(async () => {
  sb = await testSandbox();
  generic = ((await (await fetch(`${sb.app.url}/sandbox`)).json()) as { rmm: { generic: { webhook: string; secret: string } } }).rmm.generic;
});
afterAll(async () => {
  await sb?.close();
});

async function request(eventId: string, application: string) {
  const body = JSON.stringify({ eventId, status: 'failing', category: 'software_request', deviceId: 'CONTOSO-KIOSK', deviceName: 'CONTOSO-KIOSK', application });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(generic.webhook, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ticketfix-Timestamp': ts, 'X-Ticketfix-Signature': signCallback(generic.secret, ts, Buffer.from(body)) }, body });
  expect(res.status).toBe(202);
  return finishedAlertRun(sb, (r) => r.classification?.params.alertId === eventId);
}

describe('software requests from a generic RMM callback, in the sandbox', () => {
  it('an application outside the catalogue ends escalated on a Contoso ticket with the reason', async () => {
    const run = await request('sw-out-1', 'BitTorrent');
    expect(run.state).toBe('escalated');
    expect(run.clientId).toBe('contoso');
    const t = await cwTicket(sb, run.ticketId);
    expect(t.companyId).toBe(250);
    expect(t.status).toBe('Escalated');
    expect(t.notes.find((n) => n.internalAnalysisFlag)?.text).toContain("'BitTorrent' is not in Contoso Ltd's approved software catalogue");
  });

  it('a catalogue application still escalates: a generic callback has no API to install through', async () => {
    const run = await request('sw-in-1', 'Notepad++');
    expect(run.state).toBe('escalated');
    expect((await cwTicket(sb, run.ticketId)).notes.find((n) => n.internalAnalysisFlag)?.text).toContain('generic RMM callbacks cannot act');
  });
});
