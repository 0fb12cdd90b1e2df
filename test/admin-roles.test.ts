import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/auth/roles.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { ADMIN_OPERATIONS } from '../src/server/openapi-operations.js';
import { bearer, call, harmlessSamples, opKey, roleKeys, type Sample } from './support/admin-api-kit.js';
import { createTicket, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox;
let samples: Record<string, Sample>;
let keys: Awaited<ReturnType<typeof roleKeys>>;

beforeAll(async () => {
  sb = await testSandbox();
  const ticket = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
  await settle(sb);
  const [run] = await sb.app.store.listRuns({ ticketId: String(ticket) });
  samples = harmlessSamples(run!.id);
  keys = await roleKeys(sb);
});
afterAll(async () => sb?.close());

type Caller = { name: string; header: () => string | undefined; role: Role | null };
const CALLERS: Caller[] = [
  { name: 'no key', header: () => undefined, role: null },
  { name: 'empty bearer', header: () => 'Bearer ', role: null },
  { name: 'wrong scheme', header: () => `Basic ${keys.admin}`, role: null },
  { name: 'garbage key', header: () => 'Bearer not-a-key', role: null },
  { name: 'wrong secret', header: () => bearer(keys.admin.replace(/.$/, (c) => (c === '0' ? '1' : '0'))), role: null },
  { name: 'unknown key id', header: () => bearer(`tfx_000000000000_${'a'.repeat(48)}`), role: null },
  { name: 'revoked key', header: () => bearer(keys.revoked), role: null },
  { name: 'viewer', header: () => bearer(keys.viewer), role: 'viewer' },
  { name: 'approver', header: () => bearer(keys.approver), role: 'approver' },
  { name: 'admin', header: () => bearer(keys.admin), role: 'admin' },
  { name: 'bootstrap token', header: () => bearer(sb.app.adminToken), role: 'admin' },
];

/**
 * The expected least role of every operation, written out here (not read from the production
 * table): a route whose role changes in the code fails this test until the change is made here too.
 */
const LEAST_ROLE: Record<string, Role | null> = {
  'get /openapi.json': null,
  'get /whoami': 'viewer',
  'get /runs': 'viewer',
  'get /runs/:id': 'viewer',
  'get /runs/:id/label': 'viewer',
  'post /runs/:id/label': 'approver',
  'get /audit': 'viewer',
  'get /audit/export': 'viewer',
  'get /audit/verify': 'viewer',
  'get /approvals': 'viewer',
  'get /approvals/:id': 'viewer',
  'post /approvals/:id/approve': 'approver',
  'post /approvals/:id/deny': 'approver',
  'get /approval-links/:token': 'approver',
  'post /approval-links/:token/approve': 'approver',
  'post /approval-links/:token/deny': 'approver',
  'get /kill-switch': 'viewer',
  'post /kill-switch': 'admin',
  'get /policies': 'viewer',
  'get /remediations': 'viewer',
  'get /config-overrides': 'viewer',
  'put /config-overrides': 'admin',
  'post /dry-run': 'admin',
  'get /keys': 'admin',
  'post /keys': 'admin',
  'post /keys/:id/revoke': 'admin',
  'get /stats': 'viewer',
  'get /operations/alerts': 'viewer',
  'get /operations/self-check': 'viewer',
  'get /operations/drills': 'viewer',
};

/** Which callers get past a route needing each role, written out (viewer < approver < admin; the bootstrap token is an admin). */
const ALLOWED_CALLERS: Record<Role, string[]> = {
  viewer: ['viewer', 'approver', 'admin', 'bootstrap token'],
  approver: ['approver', 'admin', 'bootstrap token'],
  admin: ['admin', 'bootstrap token'],
};

describe('admin API: every route and every role', () => {
  it('has a sample request for every documented operation', () => {
    expect(ADMIN_OPERATIONS.map(opKey).filter((k) => !(k in samples))).toEqual([]);
  });

  it('documents exactly the operations and least roles listed in this test', () => {
    expect(Object.fromEntries(ADMIN_OPERATIONS.map((op) => [opKey(op), op.role]))).toEqual(LEAST_ROLE);
  });

  for (const [key, role] of Object.entries(LEAST_ROLE)) {
    const [method, path] = key.split(' ') as [string, string];
    describe(`${method.toUpperCase()} ${path} (least role: ${role ?? 'none'})`, () => {
      for (const caller of CALLERS) {
        const expected = role === null ? 'open' : caller.role === null ? '401' : ALLOWED_CALLERS[role].includes(caller.name) ? 'allowed' : '403';
        it(`${caller.name}: ${expected}`, async () => {
          const s = samples[key]!;
          const op = ADMIN_OPERATIONS.find((o) => opKey(o) === key);
          const res = await call(sb, method.toUpperCase(), s.path, caller.header(), s.body);
          const documented = op ? [op.ok.status, ...(op.errors ?? [])] : [];
          if (expected === 'open') expect(res.status).toBe(200);
          else if (expected === 'allowed') expect(documented, JSON.stringify(res.body)).toContain(res.status);
          else {
            expect(res.status, JSON.stringify(res.body)).toBe(Number(expected));
            expect(res.body).toMatchObject({ error: expected === '401' ? 'unauthorized' : 'forbidden', message: expect.any(String) });
          }
        });
      }
    });
  }

  it('an unknown /admin path with no key is 401 (nothing leaks), with a valid key a JSON 404', async () => {
    expect((await call(sb, 'GET', '/no-such-route', undefined)).status).toBe(401);
    const res = await call(sb, 'GET', '/no-such-route', bearer(keys.viewer));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found', message: expect.any(String) });
  });

  it('records the key id and name as the actor of an admin action', async () => {
    const res = await call(sb, 'POST', '/kill-switch', bearer(keys.admin), { scope: 'remediation', id: 'software-install', engaged: false, reason: 'actor test', by: 'someone-else' });
    expect(res.status).toBe(200);
    const [event] = (await sb.app.store.queryAudit({ type: 'kill_switch.set', remediationId: 'software-install' })).slice(-1);
    const id = keys.admin.split('_')[1]!;
    expect(event!.actor).toBe(`key:${id} (admin-key)`);
  });

  it('GET /sandbox offers a working demo key per role', async () => {
    const d = (await (await fetch(`${sb.app.url}/sandbox`)).json()) as { admin: { keys: Record<string, string> } };
    expect(Object.keys(d.admin.keys).sort()).toEqual(['admin', 'approver', 'viewer']);
    for (const [role, key] of Object.entries(d.admin.keys)) expect((await call(sb, 'GET', '/whoami', bearer(key))).body).toMatchObject({ role, name: `sandbox-${role}` });
  });

  it('records when a key was last used', async () => {
    const id = keys.viewer.split('_')[1]!;
    await call(sb, 'GET', '/whoami', bearer(keys.viewer));
    expect((await sb.app.store.getApiKey(id))!.lastUsedAt).not.toBeNull();
  });
});
