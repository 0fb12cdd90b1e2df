import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkRequest, checkRoute, loadSpec } from '../../test/support/openapi-conformance.js';
import { WEBHOOK_SPEC_EXCEPTION } from './routes-webhooks.js';
import { autotaskRouteTable, type AutotaskSimulator } from './simulator.js';
import { atFetch, newTestSimulator } from './test-kit.js';

const spec = loadSpec('autotask');
let sim: AutotaskSimulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sim = newTestSimulator();
  server.resetHandlers(...sim.handlers);
});

describe('every route the simulator serves is in the Autotask spec', () => {
  it('matches a spec operation for each route, except the documented exceptions', () => {
    const routes = autotaskRouteTable();
    expect(routes.length).toBeGreaterThan(40);
    const unexplained = routes.filter((r) => !r.specException).flatMap((r) => checkRoute(spec, r.method, r.specPath) ?? []);
    expect(unexplained).toEqual([]);
  });

  it('lists exactly the webhook entities and paging routes as exceptions, and each really is missing from the spec', () => {
    const exceptions = autotaskRouteTable().filter((r) => r.specException);
    for (const r of exceptions) expect(checkRoute(spec, r.method, r.specPath), `${r.method} ${r.specPath}`).not.toBeNull();
    const webhookOnes = exceptions.filter((r) => r.specException === WEBHOOK_SPEC_EXCEPTION).map((r) => `${r.method} ${r.path}`);
    expect(webhookOnes).toEqual(
      expect.arrayContaining([
        'POST /TicketWebhooks',
        'PATCH /TicketWebhooks',
        'GET /TicketWebhooks/{id}',
        'DELETE /TicketWebhooks/{id}',
        'POST /TicketWebhooks/query',
        'POST /TicketWebhooks/{parentId}/Fields',
        'POST /TicketWebhooks/{parentId}/ExcludedResources',
        'GET /TicketWebhookFields/entityInformation/fields',
      ]),
    );
    const others = exceptions.filter((r) => r.specException !== WEBHOOK_SPEC_EXCEPTION).map((r) => `${r.method} ${r.path}`);
    expect(others).toEqual(['GET /Tickets/query/next', 'GET /TicketNotes/query/next', 'GET /TimeEntries/query/next', 'GET /Companies/query/next', 'GET /Contacts/query/next', 'GET /Resources/query/next']);
  });
});

describe('the check catches drift', () => {
  it('reports a route whose path or method drifted from the spec', () => {
    expect(checkRoute(spec, 'GET', '/V1.0/Tickets/{id}')).toBeNull();
    expect(checkRoute(spec, 'GET', '/V1.0/Ticket/{id}')).toMatch(/path template not in autotask spec/);
    expect(checkRoute(spec, 'DELETE', '/V1.0/Tickets/{id}')).toMatch(/method not in autotask spec/);
    expect(checkRoute(spec, 'POST', '/V1.0/TicketNotes')).not.toBeNull();
  });

  it('reports bodies that do not match the spec model, and accepts the shapes the adapter sends', () => {
    expect(checkRequest(spec, { method: 'PATCH', path: '/V1.0/Tickets', body: { id: 5, status: 8 } })).toEqual([]);
    expect(checkRequest(spec, { method: 'PATCH', path: '/V1.0/Tickets', body: { id: 5, status: 'In Progress' } })).toEqual(['body.status: must be integer']);
    expect(checkRequest(spec, { method: 'POST', path: '/V1.0/Tickets/5/Notes', body: { title: 't', description: 'd', noteType: 2, publish: 'internal' } })).toEqual(['body.publish: must be integer']);
    expect(checkRequest(spec, { method: 'POST', path: '/V1.0/TimeEntries', body: { ticketID: 5, resourceID: 1, dateWorked: 'yesterday', hoursWorked: 0.25 } })).toEqual(['body.dateWorked: must be date-time']);
    expect(checkRequest(spec, { method: 'POST', path: '/V1.0/Tickets/query', body: { filter: [{ op: 'gt', field: 'lastActivityDate', value: '2025-01-01T00:00:00Z' }], maxRecords: 'all' } })).toEqual(['body.maxRecords: must be integer']);
  });

  it('makes the simulator answer a drifted request with 400 and record it, without touching state', async () => {
    const res = await atFetch(sim, '/Tickets', { method: 'POST', body: { title: 'x', companyID: '250', status: 1, priority: 2 } });
    expect(res).toMatchObject({ status: 400, json: { errors: ['body.companyID: must be integer'] } });
    expect(sim.state.specViolations).toEqual([{ method: 'POST', path: '/Tickets', problems: ['body.companyID: must be integer'] }]);
    expect(sim.state.tickets).toHaveLength(0);
    expect((await atFetch(sim, '/Tickets', { method: 'POST', body: { title: 'x', companyID: 250, status: 1, priority: 2 } })).status).toBe(200);
    expect(sim.state.specViolations).toHaveLength(1);
  });
});
