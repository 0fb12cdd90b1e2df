import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dattoTestSetup } from '../../test/support/datto/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

function setup() {
  const t = dattoTestSetup();
  server.resetHandlers(...t.sim.handlers);
  return t;
}
const WS01 = '3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5001';

describe('Datto: the software audit is paged; a request is read from the alert in the API', () => {
  it('reads every page of the software audit (max=250&page=N until pageDetails.nextPageUrl is null)', async () => {
    const t = setup();
    const device = t.sim.deviceFor('CONTOSO-WS01').device;
    for (let i = 0; i < 600; i++) device.software.push({ name: `Line-of-business tool ${i}`, version: '1.0' });
    const names = (await t.adapter.listSoftware(WS01)).map((s) => s.name);
    expect(names).toHaveLength(602);
    expect(names.at(-1)).toBe('Line-of-business tool 599');
    expect(t.sim.calls.filter((c) => c.path.endsWith('/software')).map((c) => c.status)).toEqual([200, 200, 200]);
  });

  it('the request is the open component-monitor alert output on that device; another device, a resolved alert or a service alert is no request', async () => {
    const t = setup();
    const uid = t.sim.raiseComponentAlert('CONTOSO-WS01', { Result: 'Notepad++' });
    expect(await t.adapter.readSoftwareRequest!(WS01, uid)).toBe('Notepad++');
    expect(await t.adapter.readSoftwareRequest!('3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5002', uid)).toBeNull();
    t.sim.alerts.find((a) => a.alertUid === uid)!.resolved = true;
    expect(await t.adapter.readSoftwareRequest!(WS01, uid)).toBeNull();
    expect(await t.adapter.readSoftwareRequest!(WS01, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('device class from deviceType.category: Server is a server, Desktop a workstation', async () => {
    const t = setup();
    expect((await t.adapter.getDevice(WS01))?.deviceClass).toBe('workstation');
    expect((await t.adapter.getDevice('3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5002'))?.deviceClass).toBe('server');
  });
});
