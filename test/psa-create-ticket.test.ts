import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AutotaskPsaAdapter } from '../integrations/autotask/autotask-psa-adapter.js';
import { autotaskTestSetup } from './support/autotask/test-kit.js';
import { ConnectWisePsaAdapter } from '../integrations/connectwise/connectwise-psa-adapter.js';
import { connectWiseTestSetup } from './support/connectwise/test-kit.js';
import { HaloPsaAdapter } from '../integrations/halopsa/halo-psa-adapter.js';
import { haloTestSetup } from './support/halopsa/test-kit.js';
import type { HttpFaults } from '../mocks/http-faults.js';
import { OutsideApiError } from '../src/http/outside-api-error.js';
import type { PsaAdapter } from '../src/model/psa.js';

/** Each PSA against its own stateful simulator: the adapter, the sim's faults and the path of ticket creation. */
interface Rig {
  adapter: PsaAdapter;
  faults: HttpFaults;
  createPath: string | RegExp;
  requests: () => number;
  /** Requests the simulator found not to match the vendor's published API description. */
  violations: () => unknown[];
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
let current: Rig | undefined;
afterEach(() => {
  // Every request the adapters sent matched the vendor's own spec (Autotask, Halo).
  expect(current?.violations() ?? []).toEqual([]);
  current?.faults.reset();
});

const rigs: Record<string, () => Rig> = {
  connectwise() {
    const t = connectWiseTestSetup();
    server.resetHandlers(...t.sim.handlers);
    return { adapter: new ConnectWisePsaAdapter({ installation: t.installation, clientOptions: t.clientOptions }), faults: t.sim.faults, createPath: /\/service\/tickets$/, requests: () => t.sim.calls.length, violations: () => [] };
  },
  autotask() {
    const t = autotaskTestSetup();
    server.resetHandlers(...t.sim.handlers);
    return { adapter: new AutotaskPsaAdapter({ installation: t.installation, clientOptions: t.clientOptions }), faults: t.sim.faults, createPath: /\/Tickets$/, requests: () => t.sim.calls.length, violations: () => t.sim.state.specViolations };
  },
  halopsa() {
    const t = haloTestSetup();
    server.resetHandlers(...t.sim.handlers);
    return { adapter: new HaloPsaAdapter({ installation: t.installation, client: t.client() }), faults: t.sim.faults, createPath: /\/Tickets$/, requests: () => t.sim.calls.length, violations: () => t.sim.state.specViolations };
  },
};

const input = (marker: string, companyId = '250') => ({
  companyId,
  summary: 'Service Spooler stopped on WS-CONTOSO-01',
  description: 'Tactical RMM alert 77: the Print Spooler service stopped.',
  marker,
});

describe.each(Object.keys(rigs))('%s createTicket / findTicketByMarker', (psa) => {
  it('opens a ticket for the company with the marker in its summary, and finds it by the marker (not in another company)', async () => {
    const rig = (current = rigs[psa]!());
    const { id } = await rig.adapter.createTicket(input('[tfx-a-0123456789ab]'));
    const ticket = await rig.adapter.getTicket(id);
    expect(ticket.companyId).toBe('250');
    expect(ticket.summary).toBe('Service Spooler stopped on WS-CONTOSO-01 [tfx-a-0123456789ab]');
    expect(ticket.description).toContain('the Print Spooler service stopped');
    expect(ticket.closed).toBe(false);
    expect(await rig.adapter.findTicketByMarker('250', '[tfx-a-0123456789ab]')).toEqual({ id });
    expect(await rig.adapter.findTicketByMarker('251', '[tfx-a-0123456789ab]')).toBeNull();
    expect(await rig.adapter.findTicketByMarker('250', '[tfx-a-ffffffffffff]')).toBeNull();
  });

  it('a long summary is cut, never the marker', async () => {
    const rig = (current = rigs[psa]!());
    const { id } = await rig.adapter.createTicket({ ...input('[tfx-a-aaaaaaaaaaaa]'), summary: 'x'.repeat(400) });
    const ticket = await rig.adapter.getTicket(id);
    expect(ticket.summary.endsWith(' [tfx-a-aaaaaaaaaaaa]')).toBe(true);
    expect(ticket.summary.length).toBeLessThanOrEqual(255);
  });

  it('after an ambiguous failure (the ticket landed, the answer was lost) the marker finds the one ticket', async () => {
    const rig = (current = rigs[psa]!());
    rig.faults.loseResponseNext(1, { method: 'POST', path: rig.createPath });
    await expect(rig.adapter.createTicket(input('[tfx-a-bbbbbbbbbbbb]'))).rejects.toBeInstanceOf(OutsideApiError);
    const found = await rig.adapter.findTicketByMarker('250', '[tfx-a-bbbbbbbbbbbb]');
    expect(found).not.toBeNull();
    expect((await rig.adapter.getTicket(found!.id)).summary).toContain('[tfx-a-bbbbbbbbbbbb]');
  });

  it('refuses a malformed company id with a clear error, sending nothing', async () => {
    const rig = (current = rigs[psa]!());
    const before = rig.requests();
    await expect(rig.adapter.createTicket(input('[tfx-a-cccccccccccc]', '250 or 1=1'))).rejects.toThrow(/company id|client id/);
    await expect(rig.adapter.findTicketByMarker('../251', '[tfx-a-cccccccccccc]')).rejects.toBeInstanceOf(OutsideApiError);
    expect(rig.requests()).toBe(before);
  });
});
