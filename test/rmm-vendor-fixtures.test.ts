import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dattoTestSetup } from './support/datto/test-kit.js';
import { parseGenericCallback } from '../integrations/generic-rmm/parse-callback.js';
import { verifyCallbackSignature } from '../integrations/generic-rmm/verify-signature.js';
import { parseNinjaWebhook } from '../integrations/ninjaone/parse-webhook.js';
import { ninjaTestInstall } from './support/ninjaone/test-kit.js';
import { TacticalChecks, TacticalPendingActions, TacticalService, TacticalSoftwareList } from '../integrations/tactical/api-schemas.js';
import { parseTacticalAlert } from '../integrations/tactical/parse-webhook.js';
import { TACTICAL_TEST_API, tacticalTestSetup } from './support/tactical/test-kit.js';
import { renderTemplate } from '../mocks/tactical/render-template.js';
import { TACTICAL_FAILURE_BODY } from '../integrations/tactical/alert-template.js';
import * as F from './fixtures/rmm-vendor-fixtures.js';

// The production parsers and adapters against shapes taken from the vendors' own source and docs
// (each fixture names its source), so a simulator that drifted with an adapter cannot hide it.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

const AGENT = F.TACTICAL_AGENT_DETAIL.agent_id;
/** A Tactical API that answers only the fixtures. */
function tacticalAnswering(routes: Record<string, unknown>) {
  const t = tacticalTestSetup({ install: { softwareRequestScriptId: 43 } });
  server.resetHandlers(
    http.all(`${TACTICAL_TEST_API}/*`, ({ request }) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      return key in routes ? HttpResponse.json(routes[key] as object) : HttpResponse.json({ detail: 'Not found.' }, { status: 404 });
    }),
  );
  return t.adapter;
}

describe('Tactical: API answers from the source', () => {
  it('agent detail: the organisation is the client NAME, the class is monitoring_type', async () => {
    const a = tacticalAnswering({ [`GET /agents/${AGENT}/`]: F.TACTICAL_AGENT_DETAIL });
    expect(await a.getDevice(AGENT)).toEqual({ id: AGENT, name: 'CONTOSO-WS01', organisationId: 'Contoso Ltd', group: 'Head Office', online: true, os: 'Windows 11 Pro, 64 bit v23H2 (build 22631.4460)', deviceClass: 'workstation' });
  });

  it('service detail: the zero-valued struct is "no such service"; a stopped one reads stopped', async () => {
    const a = tacticalAnswering({ [`GET /services/${AGENT}/Nope/`]: F.TACTICAL_SERVICE_MISSING, [`GET /services/${AGENT}/Spooler/`]: F.TACTICAL_SERVICE_STOPPED });
    expect(TacticalService.parse(F.TACTICAL_SERVICE_MISSING).name).toBe('');
    expect(await a.getService(AGENT, 'Nope')).toBeNull();
    expect(await a.getService(AGENT, 'Spooler')).toEqual({ name: 'Spooler', displayName: 'Print Spooler', status: 'stopped', startType: 'Automatic' });
  });

  it('software: the stored row and the [] of an agent without inventory', () => {
    expect(TacticalSoftwareList.parse(F.TACTICAL_SOFTWARE_ROW)).toMatchObject({ software: [{ name: 'VLC media player', version: '3.0.21' }] });
    expect(TacticalSoftwareList.parse(F.TACTICAL_SOFTWARE_NONE)).toEqual([]);
  });

  it('checks: {} before a check has run is "cannot say"; the request is the script check output', async () => {
    expect(TacticalChecks.parse(F.TACTICAL_CHECKS)).toHaveLength(2);
    const a = tacticalAnswering({ [`GET /agents/${AGENT}/checks/`]: F.TACTICAL_CHECKS });
    expect(await a.checkPasses!(AGENT, '9')).toBeNull();
    expect(await a.readSoftwareRequest!(AGENT, '9001')).toBe('Notepad++');
    expect(await a.readSoftwareRequest!(AGENT, '9')).toBeNull();
  });

  it('pending choco install: completed with {name, output, installed} and no exit code', () => {
    expect(TacticalPendingActions.parse(F.TACTICAL_PENDING_CHOCO)[0]).toMatchObject({ action_type: 'chocoinstall', status: 'completed', details: { installed: true } });
  });
});

describe('Tactical: webhook bodies as Tactical posts them', () => {
  it('an availability alert: None for every missing check value, read as absent', () => {
    const p = parseTacticalAlert(JSON.parse(F.TACTICAL_WEBHOOK_AVAILABILITY), 'tac');
    expect(p).toMatchObject({ ok: true, action: 'failure', alert: { alertId: '4711', category: 'other', deviceId: AGENT, organisationHint: '1', raisedAt: '2026-11-26T20:00:00.123Z' } });
    expect(p.ok === true ? [p.alert.checkId, p.alert.serviceName] : p).toEqual([undefined, undefined]);
  });

  it('a body whose JSON broke arrives as one JSON string and is refused', () => {
    expect(parseTacticalAlert(JSON.parse(F.TACTICAL_WEBHOOK_BROKEN), 'tac')).toMatchObject({ ok: false });
  });

  it('the simulator renders our template exactly as the Python computation did', () => {
    const ctx = { alert: { id: 4711, alert_type: 'availability', severity: 'error', alert_time: '2026-11-26 20:00:00.123456+00:00', assigned_check: null }, agent: { agent_id: AGENT, hostname: 'CONTOSO-WS01', site: { client: { id: 1 } } } };
    expect(renderTemplate(TACTICAL_FAILURE_BODY, ctx)).toBe(F.TACTICAL_WEBHOOK_AVAILABILITY);
  });
});

describe('Datto and NinjaOne answers from public clients and docs', () => {
  it('Datto: a component monitor alert carries the request in alertContext.samples', async () => {
    const t = dattoTestSetup();
    server.resetHandlers(
      http.post(`${t.install.datto.apiUrl}/auth/oauth/token`, () => HttpResponse.json({ access_token: 'tok', expires_in: 360000 })),
      http.get(`${t.install.datto.apiUrl}/api/v2/alert/${F.DATTO_ALERT_COMPONENT.alertUid}`, () => HttpResponse.json(F.DATTO_ALERT_COMPONENT)),
    );
    expect(await t.adapter.readSoftwareRequest!(F.DATTO_ALERT_COMPONENT.alertSourceInfo.deviceUid, F.DATTO_ALERT_COMPONENT.alertUid)).toBe('Notepad++');
  });

  it('Datto: the audit follows pageDetails.nextPageUrl to the last page', async () => {
    const t = dattoTestSetup();
    const pages: string[] = [];
    server.resetHandlers(
      http.post(`${t.install.datto.apiUrl}/auth/oauth/token`, () => HttpResponse.json({ access_token: 'tok', expires_in: 360000 })),
      http.get(`${t.install.datto.apiUrl}/api/v2/audit/device/:uid/software`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        pages.push(`${q.get('max')}/${q.get('page')}`);
        return HttpResponse.json(q.get('page') === '0' ? F.DATTO_AUDIT_PAGE_0 : { pageDetails: { count: 1, nextPageUrl: null }, software: [{ name: '7-Zip 24.08 (x64)', version: '24.08' }] });
      }),
    );
    expect((await t.adapter.listSoftware('3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5001')).map((s) => s.name)).toEqual(['Google Chrome', '7-Zip 24.08 (x64)']);
    expect(pages).toEqual(['250/0', '250/1']);
  });

  it('NinjaOne: the documented example activity (ACTIONSET) is verified and ignored, not an alert', () => {
    expect(parseNinjaWebhook(F.NINJA_WEBHOOK_EXAMPLE, ninjaTestInstall())).toEqual({ ok: 'ignore', reason: 'activity ACTIONSET/START_REQUESTED is not a condition trigger or reset' });
  });
});

describe('generic signed callback: a known answer computed with openssl', () => {
  it('accepts the openssl signature and parses the body; one changed byte is refused', () => {
    const raw = Buffer.from(F.GENERIC_KAT.body);
    const at = Number(F.GENERIC_KAT.timestamp) * 1000;
    expect(verifyCallbackSignature({ secret: F.GENERIC_KAT.secret, timestamp: F.GENERIC_KAT.timestamp, signature: F.GENERIC_KAT.signature, raw, nowMs: at, toleranceSeconds: 300 })).toEqual({ ok: true });
    expect(verifyCallbackSignature({ secret: F.GENERIC_KAT.secret, timestamp: F.GENERIC_KAT.timestamp, signature: F.GENERIC_KAT.signature, raw: Buffer.from(F.GENERIC_KAT.body.replace('Spooler', 'Spoolex')), nowMs: at, toleranceSeconds: 300 })).toMatchObject({ ok: false, error: 'bad_signature' });
    expect(parseGenericCallback(JSON.parse(F.GENERIC_KAT.body), 'gen', 'org-1')).toMatchObject({ ok: true, alert: { category: 'service_stopped', serviceName: 'Spooler', deviceId: 'LAB-PC01' } });
  });
});
