import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  checkFetchRequest,
  checkRequest,
  checkRoute,
  findOperation,
  loadSpec,
} from './support/openapi-conformance.js';
import type * as SpecFiles from './support/openapi/spec-files.js';

// Counts reads of the spec files (the cache is proven by reads, not by how fast a second load is).
const reads = vi.hoisted(() => [] as string[]);
vi.mock('./support/openapi/spec-files.js', async (importOriginal) => {
  const original = await importOriginal<typeof SpecFiles>();
  return {
    ...original,
    readSpecDocument: (name: Parameters<typeof original.readSpecDocument>[0]) => {
      reads.push(name);
      return original.readSpecDocument(name);
    },
  };
});

const autotask = loadSpec('autotask');
const halo = loadSpec('halopsa');

function templateOf(spec: typeof autotask, method: string, path: string): string | undefined {
  return findOperation(spec, method, path)?.op.pathTemplate;
}

describe('loadSpec', () => {
  it('loads the Autotask Swagger 2.0 spec', () => {
    expect(autotask).toMatchObject({ name: 'autotask', version: 2, basePath: '/ATServicesRest' });
    expect(autotask.operations.length).toBeGreaterThan(2000);
  });

  it('loads the HaloPSA OpenAPI 3.0 spec', () => {
    expect(halo).toMatchObject({ name: 'halopsa', version: 3, basePath: '/api' });
    expect(halo.operations.length).toBeGreaterThan(1000);
  });

  it('caches: a second load returns the same object without re-reading', () => {
    expect(reads).toEqual(['autotask', 'halopsa']);
    expect(loadSpec('autotask')).toBe(autotask);
    expect(loadSpec('halopsa')).toBe(halo);
    expect(loadSpec('autotask')).toBe(autotask);
    expect(reads).toEqual(['autotask', 'halopsa']);
  });
});

describe('findOperation', () => {
  it.each([
    ['PATCH', '/V1.0/Tickets', '/V1.0/Tickets'],
    ['POST', '/V1.0/Tickets/123/Notes', '/V1.0/Tickets/{parentId}/Notes'],
    ['POST', '/V1.0/TimeEntries', '/V1.0/TimeEntries'],
    ['GET', '/V1.0/ThresholdInformation', '/V1.0/ThresholdInformation'],
    ['GET', '/V1.0/Tickets/entityInformation/fields', '/V1.0/Tickets/entityInformation/fields'],
  ])('finds Autotask %s %s', (method, path, template) => {
    expect(templateOf(autotask, method, path)).toBe(template);
  });

  it.each([
    ['POST', '/Actions', '/Actions'],
    ['POST', '/Tickets', '/Tickets'],
    ['GET', '/Status', '/Status'],
    ['POST', '/Webhook', '/Webhook'],
    ['GET', '/Tickets/42', '/Tickets/{id}'],
  ])('finds Halo %s %s', (method, path, template) => {
    expect(templateOf(halo, method, path)).toBe(template);
  });

  it('returns path params and operationId', () => {
    expect(findOperation(autotask, 'post', '/V1.0/Tickets/123/Notes')).toEqual({
      op: { method: 'POST', pathTemplate: '/V1.0/Tickets/{parentId}/Notes', operationId: 'TicketNotesChild_CreateEntity' },
      params: { parentId: '123' },
    });
  });

  it('prefers literal segments over templated ones, whatever the spec order', () => {
    // '/V1.0/Tickets/query' comes before '/V1.0/Tickets/{id}' in the spec, 'entityInformation' after it
    expect(templateOf(autotask, 'GET', '/V1.0/Tickets/query')).toBe('/V1.0/Tickets/query');
    expect(templateOf(autotask, 'GET', '/V1.0/Tickets/entityInformation')).toBe('/V1.0/Tickets/entityInformation');
    expect(templateOf(autotask, 'GET', '/V1.0/Tickets/987')).toBe('/V1.0/Tickets/{id}');
    expect(templateOf(autotask, 'POST', '/V1.0/Tickets/query')).toBe('/V1.0/Tickets/query');
  });

  it('ignores query strings and trailing slashes; Autotask paths are case-insensitive', () => {
    expect(templateOf(autotask, 'GET', '/V1.0/Tickets/query?search={"filter":[]}')).toBe('/V1.0/Tickets/query');
    expect(templateOf(autotask, 'get', '/v1.0/tickets/5/')).toBe('/V1.0/Tickets/{id}');
    expect(templateOf(halo, 'GET', '/Tickets/5?includedetails=true')).toBe('/Tickets/{id}');
  });

  it('supports mixed segments like Halo /TicketApproval/{id}&{seq}', () => {
    expect(findOperation(halo, 'DELETE', '/TicketApproval/5&2')?.params).toEqual({ id: '5', seq: '2' });
  });

  it('returns null for unknown paths and methods', () => {
    expect(findOperation(autotask, 'GET', '/V1.0/NoSuchEntity')).toBeNull();
    expect(findOperation(autotask, 'DELETE', '/V1.0/Tickets/1')).toBeNull();
    expect(findOperation(halo, 'PATCH', '/Tickets')).toBeNull();
    expect(findOperation(halo, 'GET', '/tickets/1')).toBeNull();
  });
});

describe('checkRequest: Autotask', () => {
  it('accepts a conforming ticket PATCH (camelCase on the wire, PascalCase in the spec)', () => {
    expect(checkRequest(autotask, { method: 'PATCH', path: '/V1.0/Tickets', body: { id: 123, status: 5 } })).toEqual([]);
  });

  it('reports type drift with the JSON path as sent', () => {
    const problems = checkRequest(autotask, {
      method: 'PATCH',
      path: '/V1.0/Tickets',
      body: { id: '123', status: '5', title: 7, userDefinedFields: {} },
    });
    expect(problems).toEqual([
      'body.id: must be integer',
      'body.status: must be integer',
      'body.title: must be string',
      'body.userDefinedFields: must be array',
    ]);
  });

  it('requires the id in PATCH/PUT bodies (updates name the entity in the body)', () => {
    expect(checkRequest(autotask, { method: 'PATCH', path: '/V1.0/Tickets', body: { status: 5 } })).toEqual([
      'body.id: is required (Autotask PATCH updates the entity named by body id)',
    ]);
  });

  it('allows null (Swagger 2 cannot mark nullable; Autotask clears fields with null)', () => {
    expect(checkRequest(autotask, { method: 'PATCH', path: '/V1.0/Tickets', body: { id: 1, assignedResourceID: null } })).toEqual([]);
  });

  it('accepts a ticket note and checks the parent id', () => {
    const note = { title: 'Ticketfix', description: 'Cleared the mailbox.', noteType: 1, publish: 2 };
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/Tickets/123/Notes', body: note })).toEqual([]);
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/Tickets/T2025/Notes', body: note })).toEqual([
      'path.parentId: must be integer (got "T2025")',
    ]);
  });

  it('accepts a time entry and rejects an array or missing body', () => {
    const entry = { ticketID: 1, resourceID: 2, dateWorked: '2025-01-02T00:00:00Z', hoursWorked: 0.25, summaryNotes: 'done' };
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/TimeEntries', body: entry })).toEqual([]);
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/TimeEntries', body: [entry] })).toEqual(['body: must be object']);
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/TimeEntries' })).toEqual([
      'body: is required by POST /V1.0/TimeEntries',
    ]);
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/TimeEntries', body: { ...entry, dateWorked: 'today' } })).toEqual([
      'body.dateWorked: must be date-time',
    ]);
  });

  it('accepts query filters with scalar or array values (the spec types value as an object)', () => {
    const body = { filter: [{ op: 'eq', field: 'ticketNumber', value: 'T20250101.0001' }, { op: 'in', field: 'id', value: [1, 2] }] };
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/Tickets/query', body })).toEqual([]);
    expect(checkRequest(autotask, { method: 'POST', path: '/V1.0/Tickets/query', body: { filter: {} } })).toEqual([
      'body.filter: must be array',
    ]);
  });

  it('accepts bodiless GETs and rejects a body where none is declared', () => {
    expect(checkRequest(autotask, { method: 'GET', path: '/V1.0/ThresholdInformation' })).toEqual([]);
    expect(checkRequest(autotask, { method: 'GET', path: '/V1.0/Tickets/entityInformation/fields', body: {} })).toEqual([
      'body: GET /V1.0/Tickets/entityInformation/fields takes no body',
    ]);
  });

  it('rejects unknown paths and methods', () => {
    expect(checkRequest(autotask, { method: 'GET', path: '/V1.0/NoSuchEntity' })).toEqual([
      'GET /V1.0/NoSuchEntity: path not in autotask spec',
    ]);
    expect(checkRequest(autotask, { method: 'DELETE', path: '/V1.0/Tickets/1' })).toEqual([
      'DELETE /V1.0/Tickets/1: method not in autotask spec (path allows GET)',
    ]);
  });
});

describe('checkRequest: HaloPSA', () => {
  const note = { ticket_id: 123, outcome_id: 7, note: 'Cleared the mailbox.', hiddenfromuser: true, sendemail: false, timetaken: 0.1 };

  it('accepts a conforming action array, including nullable fields set to null', () => {
    expect(checkRequest(halo, { method: 'POST', path: '/Actions', body: [note, { ...note, new_status: null }] })).toEqual([]);
  });

  it('reports type drift with the JSON path', () => {
    expect(checkRequest(halo, { method: 'POST', path: '/Actions', body: [{ ...note, ticket_id: '123' }] })).toEqual([
      'body[0].ticket_id: must be integer',
    ]);
  });

  it('reports an object sent where the spec wants an array', () => {
    expect(checkRequest(halo, { method: 'POST', path: '/Actions', body: note })).toEqual(['body: must be array']);
    expect(checkRequest(halo, { method: 'POST', path: '/Tickets', body: { id: 1, status_id: 9 } })).toEqual(['body: must be array']);
  });

  it('accepts a ticket status change and rejects null in a non-nullable field', () => {
    expect(checkRequest(halo, { method: 'POST', path: '/Tickets', body: [{ id: 123, status_id: 9 }] })).toEqual([]);
    expect(checkRequest(halo, { method: 'POST', path: '/Tickets', body: [{ id: null, status_id: 'closed' }] })).toEqual([
      'body[0].id: must be integer',
      'body[0].status_id: must be integer',
    ]);
  });

  it('accepts a webhook registration and checks formats', () => {
    const webhook = { name: 'ticketfix', url: 'https://example.test/hook', type: 0, method: 0, content_type: 'application/json', authentication_type: 0, active: true };
    expect(checkRequest(halo, { method: 'POST', path: '/Webhook', body: [webhook] })).toEqual([]);
    expect(checkRequest(halo, { method: 'POST', path: '/Webhook', body: [{ ...webhook, id: 'not-a-uuid' }] })).toEqual([
      'body[0].id: must be uuid',
    ]);
  });

  it('reports missing required fields', () => {
    expect(checkRequest(halo, { method: 'POST', path: '/ChatMessage/IsTyping', body: { chat_id: 1 } })).toEqual([
      'body.sender_id: is required',
    ]);
  });

  it('accepts GETs and rejects unknown paths, methods and letter case', () => {
    expect(checkRequest(halo, { method: 'GET', path: '/Status?excludeclosed=true' })).toEqual([]);
    expect(checkRequest(halo, { method: 'GET', path: '/Tickets/42' })).toEqual([]);
    expect(checkRequest(halo, { method: 'GET', path: '/Tickets/abc' })).toEqual(['path.id: must be integer (got "abc")']);
    expect(checkRequest(halo, { method: 'DELETE', path: '/Status' })).toEqual([
      'DELETE /Status: method not in halopsa spec (path allows GET, POST)',
    ]);
    expect(checkRequest(halo, { method: 'GET', path: '/tickets/42' })).toEqual([
      'GET /tickets/42: path not in halopsa spec (letter case differs from /Tickets/{id})',
    ]);
  });
});

describe('checkRoute', () => {
  it('accepts spec and msw style templates, ignoring parameter names', () => {
    expect(checkRoute(autotask, 'GET', '/V1.0/Tickets/{ticketId}')).toBeNull();
    expect(checkRoute(autotask, 'post', '/V1.0/Tickets/:ticketId/Notes')).toBeNull();
    expect(checkRoute(autotask, 'PATCH', '/v1.0/tickets')).toBeNull();
    expect(checkRoute(halo, 'GET', '/Tickets/:id')).toBeNull();
    expect(checkRoute(halo, 'POST', '/Actions')).toBeNull();
  });

  it('strips an origin and the base path from msw handler URLs', () => {
    expect(checkRoute(autotask, 'GET', 'https://webservices5.autotask.net/ATServicesRest/V1.0/ThresholdInformation')).toBeNull();
    expect(checkRoute(halo, 'POST', 'https://tenant.halopsa.test/api/Webhook')).toBeNull();
  });

  it('reports unknown templates and methods', () => {
    expect(checkRoute(autotask, 'POST', '/V1.0/TicketWebhooks/:id/Fields')).toBe(
      'POST /V1.0/TicketWebhooks/:id/Fields: path template not in autotask spec',
    );
    expect(checkRoute(halo, 'PATCH', '/Tickets')).toBe('PATCH /Tickets: method not in halopsa spec (template allows GET, POST)');
    expect(checkRoute(halo, 'GET', '/tickets/:id')).toBe('GET /tickets/:id: path template not in halopsa spec');
  });

  it('treats ALL as any method', () => {
    expect(checkRoute(halo, 'ALL', '/Tickets/:id')).toBeNull();
  });
});

describe('checkFetchRequest', () => {
  const atBase = 'https://webservices5.autotask.net/ATServicesRest';
  const json = { 'content-type': 'application/json' };

  it('checks a fetch Request and leaves its body readable', async () => {
    const request = new Request(`${atBase}/V1.0/Tickets`, { method: 'PATCH', headers: json, body: JSON.stringify({ id: 1, status: 5 }) });
    expect(await checkFetchRequest(autotask, request, '/ATServicesRest')).toEqual([]);
    expect(await request.json()).toEqual({ id: 1, status: 5 });
  });

  it('reports body drift, bad JSON, non-JSON content and a wrong prefix', async () => {
    const post = (body: string, headers: Record<string, string> = json) =>
      new Request('https://tenant.halopsa.test/api/Actions', { method: 'POST', headers, body });
    expect(await checkFetchRequest(halo, post('{"ticket_id":1}'), '/api')).toEqual(['body: must be array']);
    expect(await checkFetchRequest(halo, post('[{'), '/api')).toEqual(['body: not valid JSON']);
    expect(await checkFetchRequest(halo, post('[]', { 'content-type': 'text/plain' }), '/api')).toEqual([
      'body: content-type "text/plain" is not JSON',
    ]);
    expect(await checkFetchRequest(halo, new Request('https://tenant.halopsa.test/Tickets'), '/api')).toEqual([
      'GET /Tickets: path does not start with /api',
    ]);
  });

  it('handles a bodiless GET with a query string', async () => {
    const request = new Request(`${atBase}/V1.0/Tickets/query?search=${encodeURIComponent('{"filter":[]}')}`);
    expect(await checkFetchRequest(autotask, request, '/ATServicesRest')).toEqual([]);
  });
});

describe('checkFetchRequest inside an msw handler', () => {
  const server = setupServer(
    http.all('https://tenant.halopsa.test/api/*', async ({ request }) => {
      const problems = await checkFetchRequest(halo, request, '/api');
      if (problems.length > 0) return HttpResponse.json({ problems }, { status: 400 });
      return HttpResponse.json({ received: await request.json() });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('answers 400 with the problems for a drifted adapter request', async () => {
    const send = (body: unknown) =>
      fetch('https://tenant.halopsa.test/api/Actions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const good = await send([{ ticket_id: 1, note: 'x' }]);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ received: [{ ticket_id: 1, note: 'x' }] });
    const bad = await send({ ticket_id: 1, note: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ problems: ['body: must be array'] });
  });
});

describe('spec coverage report', () => {
  it('prints whether the Autotask spec has the ticket webhook entities', () => {
    const entities = ['TicketWebhooks', 'TicketWebhookFields', 'TicketWebhookExcludedResources', 'TicketWebhookUdfFields', 'CompanyWebhooks', 'ContactWebhooks'];
    const report = entities.map((entity) => {
      const paths = autotask.operations.filter((op) => op.pathTemplate.split('/')[2] === entity);
      return `${entity}: ${paths.length > 0 ? `${paths.length} operations` : 'absent'}`;
    });
    // eslint-disable-next-line no-console -- a report, not an assertion
    console.info(`Autotask spec webhook entities:\n  ${report.join('\n  ')}`);
  });
});
