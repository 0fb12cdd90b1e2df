import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
    const agents = (await (await fetch(`${BASE}/agents/?detail=false`, { headers: sim.authHeaders() })).json()) as { hostname: string; client: number }[];
    expect(agents.map((a) => [a.hostname, a.client])).toEqual([
      ['CONTOSO-WS01', 1],
      ['CONTOSO-SRV01', 1],
      ['FABRIKAM-WS01', 2],
      ['LAB-PC01', 3],
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

  it('renders template variables JSON-escaped and leaves missing ones empty', () => {
    expect(renderTemplate('{"m":"{{alert.message}}","x":"{{alert.nope.deep}}"}', { alert: { message: 'say "hi"\n' } })).toBe('{"m":"say \\"hi\\"\\n","x":""}');
  });
});
