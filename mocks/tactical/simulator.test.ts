import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TACTICAL_FAILURE_BODY, TACTICAL_RESOLVED_BODY } from '../../integrations/tactical/alert-template.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_COUNT, demoKioskHostname } from '../demo-data.js';
import { renderTemplate } from './render-template.js';
import { createTacticalSimulator } from './simulator.js';

const BASE = 'https://api.trmm.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

describe('Tactical simulator', () => {
  it('wants X-API-KEY and the trailing slash, like Tactical', async () => {
    const sim = createTacticalSimulator({ baseUrl: BASE, apiKey: 'key-1' });
    server.resetHandlers(...sim.handlers);
    expect((await fetch(`${BASE}/agents/`)).status).toBe(401);
    expect((await fetch(`${BASE}/agents/`, { headers: { 'X-API-KEY': 'other' } })).status).toBe(401);
    expect((await fetch(`${BASE}/agents`, { headers: sim.authHeaders() })).status).toBe(404);
    // The list is AgentTableSerializer (client_name); the detail is AgentSerializer (client = the client's name).
    const agents = (await (await fetch(`${BASE}/agents/?detail=false`, { headers: sim.authHeaders() })).json()) as { hostname: string; client_name: string }[];
    expect(agents.map((a) => [a.hostname, a.client_name])).toEqual([
      ['CONTOSO-WS01', 'Contoso Ltd'],
      ['CONTOSO-SRV01', 'Contoso Ltd'],
      ['FABRIKAM-WS01', 'Fabrikam Inc'],
      ...Array.from({ length: DEMO_KIOSK_COUNT }, (_, i) => [demoKioskHostname(i + 1), 'Contoso Ltd']),
      ['LAB-PC01', 'Unassigned Lab'],
    ]);
  });

  it('requires every runscript key and answers "forget" at once', async () => {
    const sim = createTacticalSimulator({ baseUrl: BASE, apiKey: 'key-1' });
    server.resetHandlers(...sim.handlers);
    const id = sim.agentFor('CONTOSO-WS01').agentId;
    const run = (body: object) => fetch(`${BASE}/agents/${id}/runscript/`, { method: 'POST', headers: { ...sim.authHeaders(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await run({ script: 42 })).status).toBe(400);
    const forget = await run({ output: 'forget', script: 42, args: ['hi'], env_vars: [], run_as_user: false, timeout: 90 });
    expect(await forget.json()).toBe('Echo will now be run on CONTOSO-WS01');
    expect(sim.history.at(-1)?.script_results).toMatchObject({ retcode: 0, stdout: 'hi' });
  });

  it('a software request in the agent custom field fails the script check (its output is the request) and posts the template; clearing it posts resolved', async () => {
    const posted: unknown[] = [];
    const hook = 'https://app.test/hook';
    const sim = createTacticalSimulator({ baseUrl: BASE, apiKey: 'key-1', alertActions: { url: hook, headers: {}, failureBody: TACTICAL_FAILURE_BODY, resolvedBody: TACTICAL_RESOLVED_BODY } });
    server.resetHandlers(...sim.handlers, http.post(hook, async ({ request }) => { posted.push(await request.json()); return HttpResponse.json({}, { status: 202 }); }));
    const agent = sim.agentFor('CONTOSO-WS01');
    const put = (string_value: string, field = 7) => fetch(`${BASE}/agents/${agent.agentId}/`, { method: 'PUT', headers: { ...sim.authHeaders(), 'content-type': 'application/json' }, body: JSON.stringify({ custom_fields: [{ field, string_value }] }) });
    expect((await put('x', 8)).status).toBe(400);
    expect((await put('Notepad++')).status).toBe(200);
    expect((await put('Notepad++')).status).toBe(200); // unchanged: the check was already failing, no second alert
    await sim.flushWebhooks();
    expect(posted).toHaveLength(1);
    // A script check has no svc_name: Tactical substitutes the text None.
    expect(posted[0]).toMatchObject({ event: 'failure', agent_id: agent.agentId, check_type: 'script', service_name: 'None' });
    expect((await fetch(`${BASE}/checks/${agent.agentId}/`, { headers: sim.authHeaders() })).status).toBe(404);
    const checks = (await (await fetch(`${BASE}/agents/${agent.agentId}/checks/`, { headers: sim.authHeaders() })).json()) as { check_type: string; script: number; check_result: { status: string; stdout: string } }[];
    expect(checks.find((c) => c.check_type === 'script')).toMatchObject({ script: 43, check_result: { status: 'failing', stdout: 'Notepad++' } });
    expect((await put('')).status).toBe(200);
    await sim.flushWebhooks();
    expect(posted[1]).toMatchObject({ event: 'resolved', check_type: 'script' });
  });

  it('renders like Tactical: missing values are the text None, quotes are not escaped (the body then goes as one JSON string), Python json.dumps spacing', () => {
    expect(renderTemplate('{"m":"{{alert.message}}","x":"{{alert.nope.deep}}","n":{{alert.id}}}', { alert: { message: 'Spooler stopped', id: 7 } })).toBe('{"m": "Spooler stopped", "x": "None", "n": 7}');
    expect(renderTemplate('{"m":"{{alert.message}}"}', { alert: { message: 'say "hi"' } })).toBe('"{\\"m\\":\\"say \\"hi\\"\\"}"');
    expect(renderTemplate('{"h":"{{agent.hostname}}"}', { agent: { hostname: 'PC-Zürich' } })).toBe('{"h": "PC-Z\\u00fcrich"}');
  });
});
