import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_USER_ID } from '../../mocks/halopsa/seed-state.js';
import { createLogger } from '../../src/log.js';
import { webhookPath } from '../psa-integration.js';
import { haloIntegration } from './integration.js';
import { haloTestSetup, type HaloTestSetup } from '../../test/support/halopsa/test-kit.js';

let t: HaloTestSetup;
const server = setupServer();
const log = createLogger({ level: 'silent' });
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  t = haloTestSetup();
  server.resetHandlers(...t.sim.handlers);
});

describe('haloIntegration', () => {
  it('is the halopsa PSA and its webhook route is per installation', () => {
    expect(haloIntegration.psa).toBe('halopsa');
    expect(webhookPath(t.installation)).toBe('/webhooks/halopsa/acme');
  });

  it('shares one token between the adapters, the reconcile job and install of an installation', async () => {
    const o = { env: t.env, log, kv: t.kv };
    const ticket = t.sim.createTicket({ summary: 'x', user_id: FIRST_USER_ID });
    await haloIntegration.createAdapter(t.installation, o).getTicket(String(ticket.id));
    await haloIntegration.createAdapter(t.installation, o).getTicket(String(ticket.id));
    await haloIntegration.listChangedTickets(t.installation, new Date(0), o);
    await haloIntegration.install(t.installation, 'https://ticketfix.example/hook', o);
    expect(t.sim.calls.filter((c) => c.path === '/auth/token')).toHaveLength(1);
    expect(t.sim.calls.filter((c) => c.path === '/AuthInfo')).toHaveLength(1);
    expect(t.sim.state.specViolations).toEqual([]);
  });

  it('resolves a ticket in 6 resource-server calls, counted through onAttempt', async () => {
    const attempts: string[] = [];
    const o = { env: t.env, log, kv: t.kv, onAttempt: (a: { method: string; path: string; system?: string }) => attempts.push(`${a.system} ${a.method} ${a.path}`) };
    const ticket = t.sim.createTicket({ summary: 'Mailbox full', user_id: FIRST_USER_ID });
    const adapter = haloIntegration.createAdapter(t.installation, o);
    const id = String(ticket.id);
    await adapter.getTicket(id);
    await adapter.addNote(id, { text: 'Raised quota', visibility: 'resolution', marker: '[ticketfix:r:resolution]' });
    await adapter.setStatus(id, t.installation.statuses.resolved);
    await adapter.addTimeEntry(id, { minutes: 6, notes: 'auto', start: new Date().toISOString(), marker: '[ticketfix:r:resolution-time]' });
    const api = attempts.filter((a) => a.startsWith('halopsa ') && !a.endsWith('/AuthInfo'));
    expect(api).toHaveLength(6);
    expect(attempts.filter((a) => a.startsWith('halopsa-auth '))).toHaveLength(1);
    expect(t.sim.ticket(ticket.id)).toMatchObject({ status_name: 'Resolved', hasbeenclosed: true });
    expect(t.sim.actionsFor(ticket.id).filter((a) => a.who_agentid === 35 && a.outcome !== 'Status Change')).toHaveLength(2);
  });
});
