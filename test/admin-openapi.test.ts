import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { adminOperationsRoutes } from '../src/server/admin-operations.js';
import { adminRoutes } from '../src/server/admin-routes.js';
import { toOpenApiPath } from '../src/server/openapi-document.js';
import { bearer, call, harmlessSamples, roleKeys, type Sample } from './support/admin-api-kit.js';
import { createTicket, settle, testSandbox } from './support/sandbox-kit.js';

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/** METHOD path of every route registered on the admin router, sub-routers included. */
function routesOf(router: Router): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push(`${m} ${toOpenApiPath(layer.route.path)}`);
      if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out.sort();
}

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };

let sb: Sandbox;
let doc: Doc;
let keys: Awaited<ReturnType<typeof roleKeys>>;
let samples: Record<string, Sample>;
const ALEX = 'alex.wilber@contoso.example';

beforeAll(async () => {
  sb = await testSandbox();
  const resolved = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
  await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: ALEX });
  await settle(sb);
  const [run] = await sb.app.store.listRuns({ ticketId: String(resolved) });
  samples = harmlessSamples(run!.id);
  keys = await roleKeys(sb);
  const res = await fetch(`${sb.app.url}/admin/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(async () => sb?.close());

const documented = () => Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();

describe('admin API OpenAPI description', () => {
  it('is OpenAPI 3.1, served without a key', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
  });

  it('names every operation uniquely and says which role it needs', () => {
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p)) as unknown as { operationId: string; 'x-required-role'?: string; security?: unknown[] }[];
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const o of ops) expect(o['x-required-role'] ?? (o.security?.length === 0 ? 'open' : undefined), o.operationId).toBeDefined();
  });

  it('documents exactly the routes the Express routers under /admin serve (both directions)', () => {
    const router = adminRoutes({ deps: sb.app.deps, baseConfig: sb.config, engine: sb.app.engine, queue: sb.app.queue, adminToken: 'x' });
    // The operations routes are mounted beside the admin router (create-server-app.ts).
    const served = [...routesOf(router), ...routesOf(adminOperationsRoutes(sb.app.deps, [(_req, _res, next) => next()]))].sort();
    expect(served.length).toBeGreaterThan(10);
    expect(served.filter((r) => !documented().includes(r)), 'served but not documented').toEqual([]);
    expect(documented().filter((r) => !served.includes(r)), 'documented but not served').toEqual([]);
  });

  it('the drift check itself notices an undocumented route', () => {
    const router = adminRoutes({ deps: sb.app.deps, baseConfig: sb.config, engine: sb.app.engine, queue: sb.app.queue, adminToken: 'x' });
    router.get('/sneaky', (_req, res) => void res.json({}));
    expect(routesOf(router).filter((r) => !documented().includes(r))).toEqual(['get /sneaky']);
  });

  describe('real answers match the documented response schemas', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const check = (method: string, path: string, status: number, type: string, body: unknown) => {
      const op = doc.paths[toOpenApiPath(path)]?.[method];
      expect(op, `${method} ${path} is documented`).toBeDefined();
      const response = op!.responses[String(status)];
      expect(response, `${method} ${path} documents status ${status}`).toBeDefined();
      const media = type.split(';')[0]!.trim();
      const schema = response!.content?.[media]?.schema;
      expect(schema, `${method} ${path} ${status} documents ${media}`).toBeDefined();
      if (media !== 'application/json') return;
      const validate = ajv.compile({ ...(schema as object), components: doc.components });
      const ok = validate(body);
      expect(ok, `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`).toBe(true);
    };

    it('every operation, as admin (success and error answers)', async () => {
      for (const [key, s] of Object.entries(samples)) {
        const [method, path] = key.split(' ') as [string, string];
        const res = await call(sb, method.toUpperCase(), s.path, bearer(keys.admin), s.body);
        check(method, path, res.status, res.type, res.body);
      }
    });

    it('the schemas are not vacuous: a wrong shape fails them', () => {
      const schema = doc.paths['/runs']!.get!.responses['200']!.content!['application/json']!.schema as object;
      expect(ajv.compile({ ...schema, components: doc.components })({ runs: 'x', page: {} })).toBe(false);
      expect(ajv.compile({ ...schema, components: doc.components })({ runs: [], page: { offset: 0, limit: 1, next: null } })).toBe(true);
    });

    it('the 401 and 403 answers', async () => {
      const denied = await call(sb, 'GET', '/keys', bearer(keys.viewer));
      expect(denied.status).toBe(403);
      check('get', '/keys', 403, denied.type, denied.body);
      const anon = await call(sb, 'GET', '/runs', undefined);
      check('get', '/runs', 401, anon.type, anon.body);
    });

    it('a pending approval, its link and a decision bound to the plan hash', async () => {
      const [pending] = await sb.app.store.listApprovals('pending');
      expect(pending).toBeDefined();
      const detail = await call(sb, 'GET', `/approvals/${pending!.id}`, bearer(keys.approver));
      check('get', '/approvals/:id', detail.status, detail.type, detail.body);
      expect((detail.body as { plan: { hash: string } }).plan.hash).toBe(pending!.planHash);
      const token = sb.app.deps.approvalLinks!.sign(pending!);
      const link = await call(sb, 'GET', `/approval-links/${token}`, bearer(keys.approver));
      check('get', '/approval-links/:token', link.status, link.type, link.body);
      const decided = await call(sb, 'POST', `/approvals/${pending!.id}/deny`, bearer(keys.approver), { planHash: pending!.planHash });
      expect(decided.status).toBe(200);
      check('post', '/approvals/:id/deny', decided.status, decided.type, decided.body);
      const created = await call(sb, 'POST', '/keys', bearer(keys.admin), { name: 'conformance', role: 'viewer' });
      check('post', '/keys', created.status, created.type, created.body);
      const id = (created.body as { apiKey: { id: string } }).apiKey.id;
      const revoked = await call(sb, 'POST', `/keys/${id}/revoke`, bearer(keys.admin));
      check('post', '/keys/:id/revoke', revoked.status, revoked.type, revoked.body);
      const csv = await call(sb, 'GET', '/audit/export?format=csv', bearer(keys.viewer));
      check('get', '/audit/export', csv.status, csv.type, csv.body);
    });
  });
});
