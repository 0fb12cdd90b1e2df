import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { createLogger } from '../../src/log.js';
import { createNinjaAdapter } from './ninja-adapter.js';
import { ninjaTestSetup } from '../../test/support/ninjaone/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

function setup(o: Parameters<typeof ninjaTestSetup>[0] = {}) {
  const t = ninjaTestSetup(o);
  server.resetHandlers(...t.sim.handlers);
  return t;
}
const paths = (t: ReturnType<typeof setup>) => t.sim.calls.map((c) => `${c.method} ${c.path} ${c.status}`);

describe('NinjaOne adapter against the simulator', () => {
  it('gets one client-credentials token (form) and reuses it across calls', async () => {
    const t = setup();
    const d = t.sim.deviceFor('CONTOSO-WS01');
    expect(await t.adapter.getDevice(String(d.id))).toMatchObject({ id: '5001', name: 'CONTOSO-WS01', organisationId: '101', group: '1011', online: true });
    await Promise.all([t.adapter.getService('5001', 'Spooler'), t.adapter.listSoftware('5001')]);
    expect(t.sim.tokensIssued()).toBe(1);
    expect(paths(t)[0]).toBe('POST /ws/oauth/token 200');
  });

  it('renews the token near expiry, and once after a 401 on a token it thought valid', async () => {
    let now = Date.UTC(2026, 10, 26, 12);
    const t = setup({ sim: { tokenLifetimeSeconds: 600, now: () => new Date(now) }, now: () => new Date(now) });
    await t.adapter.getDevice('5001');
    now += 9 * 60_000 + 30_000; // within a minute of expiry
    await t.adapter.getDevice('5001');
    expect(t.sim.tokensIssued()).toBe(2);
    t.sim.expireTokens();
    expect((await t.adapter.getDevice('5001'))?.name).toBe('CONTOSO-WS01');
    expect(t.sim.tokensIssued()).toBe(3);
    expect(paths(t).slice(-3)).toEqual(['GET /v2/device/5001 401', 'POST /ws/oauth/token 200', 'GET /v2/device/5001 200']);
  });

  it('a wrong client secret is a clear 401 that does not contain the secret', async () => {
    const t = setup();
    const bad = createNinjaAdapter(t.install, { env: { ...t.env, NINJA_CLIENT_SECRET: 'not-the-secret' }, log: createLogger({ level: 'silent' }) });
    const err = await bad.getDevice('5001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect((err as OutsideApiError).status).toBe(401);
    expect(String(err)).not.toContain('not-the-secret');
  });

  it('honours 429 Retry-After', async () => {
    const t = setup();
    await t.adapter.getDevice('5001');
    t.sim.faults.throttleNext(1, { path: '/v2/device/5001', retryAfterSeconds: 3 });
    expect((await t.adapter.getDevice('5001'))?.id).toBe('5001');
    expect(t.sleeps).toContain(3000);
  });

  it('restarts a stopped service (204) and confirms by reading it back running', async () => {
    const t = setup();
    t.sim.fleet.crashService('CONTOSO-WS01', 'Spooler');
    expect((await t.adapter.getService('5001', 'spooler'))?.status).toBe('stopped');
    expect(await t.adapter.restartService('5001', 'Spooler')).toMatchObject({ status: 'completed', exitCode: 0 });
    expect((await t.adapter.getService('5001', 'Spooler'))?.status).toBe('running');
    expect(t.sim.calls.some((c) => c.method === 'POST' && c.path === '/v2/device/5001/windows-service/Spooler/control' && c.status === 204)).toBe(true);
    // The condition that fired when it stopped has reset: the RMM's own check passes again.
    expect(await t.adapter.checkPasses!('5001', t.sim.conditionUid('Spooler'))).toBe(true);
    expect(await t.adapter.checkPasses!('5001', t.sim.conditionUid('W32Time'))).toBeNull();
    t.sim.fleet.crashService('CONTOSO-WS01', 'W32Time');
    expect(await t.adapter.checkPasses!('5001', t.sim.conditionUid('W32Time'))).toBe(false);
  });

  it('a service that will not start is a failed job after the wait; a non-numeric or unknown device is null', async () => {
    const t = setup();
    t.sim.fleet.breakService('CONTOSO-WS01', 'ContosoLOB');
    const r = await t.adapter.restartService('5001', 'ContosoLOB');
    expect(r.status).toBe('failed');
    expect(r.stderr).toContain('not running');
    expect(await t.adapter.getDevice('../5001')).toBeNull();
    expect(await t.adapter.getDevice('4242')).toBeNull();
  });

  it('installs through the script (204, no job id) and takes the result from the device activities', async () => {
    const t = setup({ sim: { pollsBeforeResult: 2 } });
    const r = await t.adapter.installSoftware('5002', { manager: 'choco', id: 'adobereader' });
    expect(r).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(r.stdout).toContain('Chocolatey installed 1/1');
    expect((await t.adapter.listSoftware('5002')).map((s) => s.name)).toContain('Adobe Acrobat Reader (64-bit)');
    expect(t.sim.calls.filter((c) => c.path === '/v2/device/5002/activities').length).toBe(4);
  });

  it.each([
    [3010, 'completed'],
    [1641, 'completed'],
    [2, 'failed'],
  ] as const)('choco exit code %i → %s (a successful install is then uninstalled)', async (code, status) => {
    const t = setup();
    t.sim.fleet.injectChocoExitCode('CONTOSO-SRV01', 'vlc', code);
    expect(await t.adapter.installSoftware('5002', { manager: 'choco', id: 'vlc' })).toMatchObject({ status, exitCode: code });
    if (status === 'completed') {
      expect(await t.adapter.uninstallSoftware('5002', { manager: 'choco', id: 'vlc' })).toMatchObject({ status: 'completed', exitCode: 0 });
      expect((await t.adapter.listSoftware('5002')).map((s) => s.name)).not.toContain('VLC media player');
    }
  });

  it('refuses a package id that is not a plain Chocolatey id, before any call', async () => {
    const t = setup();
    await expect(t.adapter.installSoftware('5002', { manager: 'choco', id: 'vlc; shutdown /r' })).rejects.toThrow(/not a Chocolatey package id/);
    expect(t.sim.calls).toEqual([]);
  });

  it('describes the exact requests for dry-run without calling NinjaOne', () => {
    const t = setup();
    expect(t.adapter.describe!('restartService', '5001', 'Spooler')).toEqual({ method: 'POST', url: 'https://eu.ninjarmm.test/v2/device/5001/windows-service/Spooler/control', body: { action: 'RESTART' } });
    expect(t.adapter.describe!('installSoftware', '5001', { manager: 'choco', id: 'vlc' })).toEqual({ method: 'POST', url: 'https://eu.ninjarmm.test/v2/device/5001/script/run', body: { type: 'SCRIPT', id: 301, parameters: 'vlc', runAs: 'system' } });
    expect(t.sim.calls).toEqual([]);
  });

  it('times out when no result activity appears', async () => {
    const t = setup({ sim: { pollsBeforeResult: 10_000 } });
    expect((await t.adapter.installSoftware('5002', { manager: 'choco', id: 'vlc' })).status).toBe('timeout');
  });
});
