import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { createLogger } from '../../src/log.js';
import { createTacticalAdapter } from './tactical-adapter.js';
import { tacticalTestSetup } from '../../test/support/tactical/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

function setup(o: Parameters<typeof tacticalTestSetup>[0] = {}) {
  const t = tacticalTestSetup(o);
  server.resetHandlers(...t.sim.handlers);
  return t;
}
const WS01 = 'CONTOSO-WS01';

describe('Tactical adapter against the simulator', () => {
  it('reads a device with its client (the organisation) and answers null for an unknown agent', async () => {
    const t = setup();
    const agent = t.sim.agentFor(WS01);
    // agents/serializers.py AgentSerializer: `client` is the client's name; clients map by it.
    expect(await t.adapter.getDevice(agent.agentId)).toMatchObject({ id: agent.agentId, name: WS01, organisationId: 'Contoso Ltd', group: 'Head Office', online: true, deviceClass: 'workstation' });
    expect((await t.adapter.getDevice(t.sim.agentFor('CONTOSO-SRV01').agentId))?.deviceClass).toBe('server');
    expect(await t.adapter.getDevice('NoSuchAgent')).toBeNull();
    expect(t.sim.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([`GET /agents/${agent.agentId}/ 200`, `GET /agents/${t.sim.agentFor('CONTOSO-SRV01').agentId}/ 200`, 'GET /agents/NoSuchAgent/ 404']);
  });

  it('sends X-API-KEY; a wrong key is a 401 OutsideApiError that names no secret', async () => {
    const t = setup();
    const bad = createTacticalAdapter(t.install, { env: { ...t.env, TACTICAL_API_KEY: 'wrong-key' }, log: createLogger({ level: 'silent' }) });
    const err = await bad.getDevice(t.sim.agentFor(WS01).agentId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect((err as OutsideApiError).status).toBe(401);
    expect(String(err)).not.toContain('wrong-key');
    expect(String(err)).not.toContain(t.env.TACTICAL_API_KEY);
  });

  it('starts a stopped service (Tactical answers 400 to restart: stopping a stopped service fails) and reads it running again', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    t.sim.fleet.crashService(WS01, 'Spooler');
    expect((await t.adapter.getService(id, 'Spooler'))?.status).toBe('stopped');
    const r = await t.adapter.restartService(id, 'Spooler');
    expect(r).toMatchObject({ status: 'completed', exitCode: 0, stdout: 'The service was started successfully' });
    expect(await t.adapter.getService(id, 'Spooler')).toMatchObject({ name: 'Spooler', displayName: 'Print Spooler', status: 'running', startType: 'Automatic' });
    expect(t.sim.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`/services/${id}/Spooler/`]);
    // The per-agent checks live under /agents/<id>/checks/ (there is no /checks/<agent_id>/).
    expect(await t.adapter.checkPasses!(id, String(t.sim.fleet.byHostname(WS01)!.checks[0]!.id))).toBe(true);
    expect(t.sim.calls.at(-1)).toMatchObject({ method: 'GET', path: `/agents/${id}/checks/`, status: 200 });
  });

  it('restarts a running service with restart (stop then start on the agent)', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    expect(await t.adapter.restartService(id, 'Spooler')).toMatchObject({ status: 'completed', stdout: 'The service was restarted successfully' });
  });

  it('a missing service is null (Tactical answers 200 with a zero-valued service), and restarting it is a failed job', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    expect(await t.adapter.getService(id, 'NoSuchService')).toBeNull();
    expect(t.sim.calls.at(-1)).toMatchObject({ path: `/services/${id}/NoSuchService/`, status: 200 });
    expect(await t.adapter.restartService(id, 'NoSuchService')).toMatchObject({ status: 'failed', stderr: "the agent reports no service named 'NoSuchService'" });
    expect(t.sim.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('reports a service that will not start, and an offline agent, as failed jobs (not exceptions)', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    t.sim.fleet.breakService(WS01, 'ContosoLOB');
    const broken = await t.adapter.restartService(id, 'ContosoLOB');
    expect(broken.status).toBe('failed');
    expect(broken.stderr).toContain('failed to start');
    t.sim.fleet.setOnline(WS01, false);
    const offline = await t.adapter.restartService(id, 'Spooler');
    expect(offline).toMatchObject({ status: 'failed', exitCode: null });
    expect(offline.stderr).toContain('Unable to contact the agent');
    t.sim.fleet.setOnline(WS01, true);
    expect(await t.adapter.getService(id, 'NoSuchService')).toBeNull();
    t.sim.fleet.setOnline(WS01, false);
    // Offline is not "no such service": the caller must not conclude the service is gone.
    await expect(t.adapter.getService(id, 'Spooler')).rejects.toMatchObject({ status: 400 });
  });

  it('retries a 429 after Retry-After and a 503 on reads', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    t.sim.faults.throttleNext(1, { retryAfterSeconds: 2 });
    t.sim.faults.failNext(1, { status: 503 });
    expect((await t.adapter.getDevice(id))?.name).toBe(WS01);
    expect(t.sleeps[0]).toBe(2000);
    expect(t.sim.calls.map((c) => c.status)).toEqual([429, 503, 200]);
  });

  it('does not repeat a restart whose answer was lost (it may have happened)', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    t.sim.faults.loseResponseNext(1, { method: 'POST' });
    await expect(t.adapter.restartService(id, 'Spooler')).rejects.toMatchObject({ status: 504, ambiguous: true });
    expect(t.sim.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('installs a Chocolatey package, polls pendingactions until the agent reports, and the inventory shows it', async () => {
    const t = setup({ sim: { pollsBeforeCompletion: 2 } });
    const id = t.sim.agentFor('CONTOSO-SRV01').agentId;
    expect((await t.adapter.listSoftware(id)).map((s) => s.name)).not.toContain('Notepad++ (64-bit x64)');
    const r = await t.adapter.installSoftware(id, { manager: 'choco', id: 'notepadplusplus' });
    expect(r).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(r.stdout).toContain('Chocolatey installed 1/1 packages');
    expect((await t.adapter.listSoftware(id)).map((s) => s.name)).toContain('Notepad++ (64-bit x64)');
    const polls = t.sim.calls.filter((c) => c.path.endsWith('/pendingactions/'));
    expect(polls.length).toBe(4); // one before, two pending, one completed
    expect(t.sleeps.every((ms) => ms === 10)).toBe(true);
  });

  it.each([
    [1641, 'completed'],
    [3010, 'completed'],
    [1603, 'failed'],
  ] as const)('treats choco exit code %i as %s', async (code, status) => {
    const t = setup();
    const id = t.sim.agentFor('CONTOSO-SRV01').agentId;
    t.sim.fleet.injectChocoExitCode('CONTOSO-SRV01', 'vlc', code);
    const r = await t.adapter.installSoftware(id, { manager: 'choco', id: 'vlc' });
    expect(r).toMatchObject({ status, exitCode: code });
    expect((await t.adapter.listSoftware(id)).some((s) => s.name === 'VLC media player')).toBe(status === 'completed');
  });

  it('fails an unknown package with choco exit code 1 and refuses winget packages', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    expect(await t.adapter.installSoftware(id, { manager: 'choco', id: 'no-such-package' })).toMatchObject({ status: 'failed', exitCode: 1 });
    await expect(t.adapter.installSoftware(id, { manager: 'winget', id: 'Google.Chrome' })).rejects.toThrow(/Chocolatey packages only/);
  });

  it('uninstalls through the configured script and reads the exit code from the history', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    const r = await t.adapter.uninstallSoftware(id, { manager: 'choco', id: '7zip' });
    expect(r).toMatchObject({ status: 'completed', exitCode: 0 });
    expect((await t.adapter.listSoftware(id)).map((s) => s.name)).not.toContain('7-Zip 24.08 (x64)');
    const again = await t.adapter.uninstallSoftware(id, { manager: 'choco', id: '7zip' });
    expect(again).toMatchObject({ status: 'failed', exitCode: 1 });
  });

  it('times out a queued install the agent never reports', async () => {
    const t = setup({ sim: { pollsBeforeCompletion: 1_000 } });
    const r = await t.adapter.installSoftware(t.sim.agentFor(WS01).agentId, { manager: 'choco', id: 'vlc' });
    expect(r.status).toBe('timeout');
  });

  it('describes the exact request each action sends (for dry-run), and that is the request the simulator gets', async () => {
    const t = setup();
    const id = t.sim.agentFor(WS01).agentId;
    // Plans target a stopped service, so what they describe (and what is sent for it) is `start`.
    expect(t.adapter.describe!('restartService', id, 'Spooler')).toEqual({ method: 'POST', url: `https://api.rmm.test.example/services/${id}/Spooler/`, body: { sv_action: 'start' } });
    expect(t.adapter.describe!('installSoftware', id, { manager: 'choco', id: 'vlc' })).toMatchObject({ method: 'POST', url: `https://api.rmm.test.example/software/${id}/`, body: { name: 'vlc' } });
    expect(t.adapter.describe!('uninstallSoftware', id, { manager: 'choco', id: 'vlc' }).body).toMatchObject({ script: 41, args: ['vlc'], output: 'wait' });
    expect(t.sim.calls).toEqual([]);
    t.sim.fleet.crashService(WS01, 'Spooler');
    await t.adapter.restartService(id, 'Spooler');
    const post = t.sim.calls.find((c) => c.method === 'POST')!;
    expect(`${t.sim.baseUrl}${post.path}`).toBe(t.adapter.describe!('restartService', id, 'Spooler').url);
  });

  it('refuses to uninstall without a configured script, with a clear message', async () => {
    const t = setup({ install: { chocoUninstallScriptId: undefined } });
    await expect(t.adapter.uninstallSoftware(t.sim.agentFor(WS01).agentId, { manager: 'choco', id: '7zip' })).rejects.toThrow(/chocoUninstallScriptId/);
  });
});
