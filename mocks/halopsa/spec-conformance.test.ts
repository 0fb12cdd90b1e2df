import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkRequest, checkRoute, loadSpec } from '../../test/support/openapi-conformance.js';
import { newSpecCheckedSimulator } from './conformance-kit.js';
import { HALO_SIM_AUTH_ROUTES, HALO_SIM_ROUTES } from './route-table.js';
import type { HaloSimulator } from './simulator.js';
import { haloFetch } from './test-kit.js';

const spec = loadSpec('halopsa');
let sim: HaloSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newSpecCheckedSimulator();
  server.resetHandlers(...sim.handlers);
});

describe('every route the simulator serves is in the HaloPSA v2 spec', () => {
  it.each(HALO_SIM_ROUTES.map((r) => [r.method, r.path] as const))('%s %s', (method, path) => {
    expect(checkRoute(spec, method, path)).toBeNull();
  });

  it('serves the token endpoint outside /api, as the one documented exception', () => {
    expect(HALO_SIM_AUTH_ROUTES.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /token']);
    // It is not a resource-server route, so the check must not find it there.
    expect(checkRoute(spec, 'POST', '/token')).not.toBeNull();
  });

  it('the check catches a drifted route table (wrong casing, wrong method, made-up path)', () => {
    expect(checkRoute(spec, 'GET', '/tickets/{id}')).toMatch(/not in halopsa spec/);
    expect(checkRoute(spec, 'PATCH', '/Tickets/{id}')).toMatch(/method not in halopsa spec/);
    expect(checkRoute(spec, 'GET', '/Ticket/{id}')).toMatch(/not in halopsa spec/);
  });
});

describe('request bodies are checked against the spec models', () => {
  it('accepts the write-backs an integration sends', () => {
    expect(checkRequest(spec, { method: 'POST', path: '/Actions', body: [{ ticket_id: 5, outcome: 'Private Note', note: 'x', hiddenfromuser: true, sendemail: false, timetaken: 0.25 }] })).toEqual([]);
    expect(checkRequest(spec, { method: 'POST', path: '/Tickets', body: [{ id: 5, status_id: 2 }] })).toEqual([]);
    expect(checkRequest(spec, { method: 'POST', path: '/Notification', body: [{ webhook_id: '0f8fad5b-d9cb-469f-a165-70867728950e', eventno: 3, delivery_method: 6, type: -2 }] })).toEqual([]);
  });

  it('rejects a drifted body: an object instead of an array, wrong field types', () => {
    expect(checkRequest(spec, { method: 'POST', path: '/Tickets', body: { id: 5, status_id: 2 } })).not.toEqual([]);
    expect(checkRequest(spec, { method: 'POST', path: '/Actions', body: [{ ticket_id: '5x', timetaken: 'a while' }] })).toEqual(
      expect.arrayContaining([expect.stringContaining('ticket_id'), expect.stringContaining('timetaken')]),
    );
    expect(checkRequest(spec, { method: 'POST', path: '/Notification', body: [{ webhook_id: 'not-a-uuid', eventno: '3' }] })).toEqual(
      expect.arrayContaining([expect.stringContaining('webhook_id'), expect.stringContaining('eventno')]),
    );
  });
});

describe('the spec-checked simulator', () => {
  it('answers conforming requests and records nothing', async () => {
    const created = await haloFetch(sim, '/Tickets', { method: 'POST', body: [{ summary: 'Mailbox full', client_id: 250, user_id: 101 }] });
    expect(created.status).toBe(200);
    expect((await haloFetch(sim, `/Tickets/${created.json.id}?includedetails=true`)).status).toBe(200);
    expect((await fetch(`${sim.baseUrl}/AuthInfo`)).status).toBe(200);
    expect(sim.state.specViolations).toEqual([]);
  });

  it('answers 400 and records the problems when a request drifts from the spec', async () => {
    const drifted = await haloFetch(sim, '/Tickets', { method: 'POST', body: { summary: 'not an array', client_id: 250 } });
    expect(drifted.status).toBe(400);
    const wrongCase = await haloFetch(sim, '/tickets/1000');
    expect(wrongCase.status).toBe(400);
    const badType = await haloFetch(sim, '/Actions', { method: 'POST', body: [{ ticket_id: 'abc', note: 'x' }] });
    expect(badType.status).toBe(400);
    expect(sim.state.specViolations.map((v) => `${v.method} ${v.path}`)).toEqual(['POST /Tickets', 'GET /tickets/1000', 'POST /Actions']);
    expect(sim.state.specViolations[2]?.problems).toEqual([expect.stringContaining('body[0].ticket_id')]);
    expect(sim.state.tickets).toHaveLength(0);
    expect(sim.calls.map((c) => c.fault)).toEqual(['spec', 'spec', 'spec']);
  });
});
