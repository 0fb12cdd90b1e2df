import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tacticalTestSetup } from '../../test/support/tactical/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

// software/views.py: GET answers the stored InstalledSoftware row or [] when none exists; only a
// PUT (or the agent's own schedule) refreshes it. A choco install does not.
describe('Tactical software inventory is refreshed before it is read', () => {
  it('an install shows in the inventory because the read refreshes it first (PUT, then GET)', async () => {
    const t = tacticalTestSetup();
    server.resetHandlers(...t.sim.handlers);
    const agent = t.sim.agentFor('CONTOSO-WS01');
    expect(agent.inventory).toBeNull();
    expect((await t.adapter.listSoftware(agent.agentId)).map((s) => s.name)).not.toContain('VLC media player');
    expect(await t.adapter.installSoftware(agent.agentId, { manager: 'choco', id: 'vlc' })).toMatchObject({ status: 'completed' });
    // The stored inventory is still the old snapshot until someone refreshes it.
    expect(agent.inventory?.map((s) => s.name)).not.toContain('VLC media player');
    expect((await t.adapter.listSoftware(agent.agentId)).map((s) => s.name)).toContain('VLC media player');
    expect(t.sim.calls.filter((c) => c.path === `/software/${agent.agentId}/`).map((c) => `${c.method} ${c.status}`)).toEqual(['PUT 200', 'GET 200', 'POST 200', 'PUT 200', 'GET 200']);
  });

  it('an agent that cannot be reached for the refresh is an error, never an empty inventory', async () => {
    const t = tacticalTestSetup();
    server.resetHandlers(...t.sim.handlers);
    const agent = t.sim.agentFor('CONTOSO-WS01');
    t.sim.fleet.setOnline('CONTOSO-WS01', false);
    await expect(t.adapter.listSoftware(agent.agentId)).rejects.toMatchObject({ status: 400 });
  });
});
