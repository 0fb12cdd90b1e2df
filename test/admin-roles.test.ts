import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows, type Role } from '../src/auth/roles.js';
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

describe('admin API: every route and every role', () => {
  it('has a sample request for every documented operation', () => {
    expect(ADMIN_OPERATIONS.map(opKey).filter((k) => !(k in samples))).toEqual([]);
  });

  for (const op of ADMIN_OPERATIONS) {
    describe(`${op.method.toUpperCase()} ${op.path} (least role: ${op.role ?? 'none'})`, () => {
      for (const caller of CALLERS) {
        const expected = op.role === null ? 'open' : caller.role === null ? '401' : roleAllows(caller.role, op.role) ? 'allowed' : '403';
        it(`${caller.name}: ${expected}`, async () => {
          const s = samples[opKey(op)]!;
          const res = await call(sb, op.method.toUpperCase(), s.path, caller.header(), s.body);
          const documented = [op.ok.status, ...(op.errors ?? [])];
          if (expected === 'open') expect(res.status).toBe(op.ok.status);
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
    const res = await call(sb, 'POST', '/kill-switch', bearer(keys.admin), { scope: 'remediation', id: 'ghost-remediation', engaged: true, reason: 'actor test', by: 'someone-else' });
    expect(res.status).toBe(200);
    const [event] = (await sb.app.store.queryAudit({ type: 'kill_switch.set', remediationId: 'ghost-remediation' })).slice(-1);
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
