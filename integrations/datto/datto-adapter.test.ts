import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { createLogger } from '../../src/log.js';
import { createAccountLimiter } from './account-limiter.js';
import { createDattoAdapter } from './datto-adapter.js';
import { dattoTestSetup } from '../../test/support/datto/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

function setup(o: Parameters<typeof dattoTestSetup>[0] = {}) {
  const t = dattoTestSetup(o);
  server.resetHandlers(...t.sim.handlers);
  return t;
}
const WS01 = '3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5001';

describe('Datto adapter against the simulator', () => {
  it('gets a token with Basic public-client:public and the API key/secret (form), once, and reads a device by uid or numeric id', async () => {
    const t = setup();
    expect(await t.adapter.getDevice(WS01)).toMatchObject({ id: WS01, name: 'CONTOSO-WS01', organisationId: '7d1c0b4e-1f2a-4c3b-9e8d-000000000250', online: true });
    expect((await t.adapter.getDevice('15001'))?.id).toBe(WS01);
    expect(await t.adapter.getDevice('not-a-device')).toBeNull();
    expect(t.sim.tokensIssued()).toBe(1);
    expect(t.sim.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /auth/oauth/token 200', `GET /api/v2/device/${WS01} 200`, 'GET /api/v2/device/id/15001 200']);
  });

  it('wrong API secret: a clear error without the secret; an expired token is renewed once', async () => {
    const t = setup();
    const bad = createDattoAdapter(t.install, { env: { ...t.env, DATTO_API_SECRET: 'wrong-secret-value' }, log: createLogger({ level: 'silent' }), limiter: t.limiter });
    const err = await bad.getDevice(WS01).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect(String(err)).not.toContain('wrong-secret-value');
    await t.adapter.getDevice(WS01);
    t.sim.expireTokens();
    expect((await t.adapter.getDevice(WS01))?.name).toBe('CONTOSO-WS01');
    expect(t.sim.calls.slice(-3).map((c) => `${c.path} ${c.status}`)).toEqual([`/api/v2/device/${WS01} 401`, '/auth/oauth/token 200', `/api/v2/device/${WS01} 200`]);
  });

  it('restarts a service as a quick job, polls the job, reads stdout and the exit marker', async () => {
    const t = setup({ sim: { pollsBeforeCompletion: 2 } });
    t.sim.fleet.crashService('CONTOSO-WS01', 'Spooler');
    expect((await t.adapter.getService(WS01, 'Spooler'))?.status).toBe('stopped');
    const r = await t.adapter.restartService(WS01, 'Spooler');
    expect(r).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(r.stdout).toContain('restarted successfully');
    expect((await t.adapter.getService(WS01, 'Spooler'))?.status).toBe('running');
    expect(await t.adapter.getService(WS01, 'NoSuchService')).toBeNull();
    const quickjobs = t.sim.calls.filter((c) => c.method === 'PUT').map((c) => c.path);
    expect(quickjobs.every((p) => p === `/api/v2/device/${WS01}/quickjob`)).toBe(true);
  });

  it('a service that will not start is a failed job with stderr', async () => {
    const t = setup();
    t.sim.fleet.breakService('CONTOSO-WS01', 'ContosoLOB');
    const r = await t.adapter.restartService(WS01, 'ContosoLOB');
    expect(r).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(r.stderr).toContain('failed to start');
  });

  it.each([
    [0, 'completed'],
    [3010, 'completed'],
    [1603, 'failed'],
  ] as const)('software install with choco exit %i → %s, inventory follows; uninstall removes it', async (code, status) => {
    const t = setup();
    t.sim.fleet.injectChocoExitCode('CONTOSO-WS01', 'vlc', code);
    expect(await t.adapter.installSoftware(WS01, { manager: 'choco', id: 'vlc' })).toMatchObject({ status, exitCode: code });
    const names = async () => (await t.adapter.listSoftware(WS01)).map((s) => s.name);
    expect((await names()).includes('VLC media player')).toBe(status === 'completed');
    if (status === 'completed') {
      expect(await t.adapter.uninstallSoftware(WS01, { manager: 'choco', id: 'vlc' })).toMatchObject({ status: 'completed', exitCode: 0 });
      expect(await names()).not.toContain('VLC media player');
    }
  });

  it('describes the quick job each action would create, for dry-run, without calling Datto', () => {
    const t = setup();
    expect(t.adapter.describe!('installSoftware', WS01, { manager: 'choco', id: 'vlc' })).toEqual({
      method: 'PUT',
      url: `https://merlot-api.centrastage.test/api/v2/device/${WS01}/quickjob`,
      body: { jobName: 'TicketFix: install vlc', jobComponent: { componentUid: t.install.datto.components!.softwareInstall, variables: [{ name: 'package', value: 'vlc' }] } },
    });
    expect(t.adapter.describe!('restartService', '15001', 'Spooler').body).toMatchObject({ jobComponent: { componentUid: t.install.datto.components!.serviceRestart, variables: [{ name: 'serviceName', value: 'Spooler' }] } });
    expect(t.sim.calls).toEqual([]);
  });

  it('a job that never completes times out', async () => {
    const t = setup({ sim: { pollsBeforeCompletion: 10_000 } });
    expect((await t.adapter.restartService(WS01, 'Spooler')).status).toBe('timeout');
  });

  it('over the account limit the simulator answers 429 with Retry-After; the seam waits it out and succeeds', async () => {
    const t = setup({ sim: { limits: { max: 3, windowMs: 5_000, blockAfter: 20, blockSeconds: 300 } }, requestsPerMinute: 600 });
    for (let i = 0; i < 2; i++) await t.adapter.getDevice(WS01); // token + 2 reads = 3
    expect((await t.adapter.getDevice(WS01))?.name).toBe('CONTOSO-WS01');
    expect(t.sim.calls.map((c) => c.status)).toEqual([200, 200, 200, 429, 200]);
    expect(t.sleeps).toContain(5000);
  });

  it('repeated breaches get the temporary 403 block, which is not retried', async () => {
    const t = setup({ sim: { limits: { max: 1, windowMs: 60_000, blockAfter: 0, blockSeconds: 300 } }, requestsPerMinute: 600 });
    const err = await t.adapter.getDevice(WS01).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, retryable: false });
  });

  it('keeps under the account limit client-side: the shared window makes callers wait instead of drawing 429s', async () => {
    const t = setup({ sim: { limits: { max: 5, windowMs: 60_000, blockAfter: 20, blockSeconds: 300 } }, requestsPerMinute: 5 });
    for (let i = 0; i < 8; i++) await t.adapter.getDevice(WS01);
    expect(t.sim.calls.filter((c) => c.status === 429)).toEqual([]);
    expect(t.sim.calls).toHaveLength(9);
    expect(t.sleeps.some((ms) => ms > 50_000)).toBe(true);
  });

  it('reads the alert to say whether the check passes', async () => {
    const t = setup();
    t.sim.fleet.crashService('CONTOSO-WS01', 'W32Time');
    const alert = t.sim.alerts[0]!;
    expect(await t.adapter.checkPasses!(WS01, alert.alertUid)).toBe(false);
    t.sim.fleet.serviceAction(t.sim.deviceFor('CONTOSO-WS01').device, 'W32Time', 'start');
    expect(await t.adapter.checkPasses!(WS01, alert.alertUid)).toBe(true);
  });
});

describe('the account limiter', () => {
  it('allows max per rolling 60 s and then waits for the oldest slot to expire', async () => {
    let clock = 0;
    const waits: number[] = [];
    const l = createAccountLimiter(3, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    for (let i = 0; i < 3; i++) {
      await l.acquire();
      clock += 1000;
    }
    expect(waits).toEqual([]);
    await l.acquire();
    expect(waits).toEqual([57_000]);
    expect(l.used()).toBe(3);
  });
});
