import { createApiKey } from '../../src/auth/api-keys.js';
import type { Role } from '../../src/auth/roles.js';
import type { Sandbox } from '../../src/sandbox/start-sandbox.js';
import type { AdminOperation } from '../../src/server/openapi-operations.js';

/** Calls /admin with a raw Authorization header (or none). */
export async function call(sb: Sandbox, method: string, path: string, auth: string | undefined, body?: unknown): Promise<{ status: number; body: unknown; type: string }> {
  const res = await fetch(`${sb.app.url}/admin${path}`, {
    method,
    headers: { ...(auth === undefined ? {} : { Authorization: auth }), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, type, body: type.includes('json') ? (JSON.parse(text) as unknown) : text };
}

export const bearer = (key: string) => `Bearer ${key}`;

/** A fresh key of each role, plus a revoked one. */
export async function roleKeys(sb: Sandbox): Promise<Record<Role | 'revoked', string>> {
  const now = new Date();
  const make = async (role: Role, name: string) => (await createApiKey(sb.app.store, name, role, 'test', now)).key;
  const revoked = await createApiKey(sb.app.store, 'gone', 'admin', 'test', now);
  await sb.app.store.revokeApiKey(revoked.record.id, now.toISOString());
  return { viewer: await make('viewer', 'viewer-key'), approver: await make('approver', 'approver-key'), admin: await make('admin', 'admin-key'), revoked: revoked.key };
}

export interface Sample {
  path: string;
  body?: unknown;
}

const GHOST = '00000000-0000-4000-8000-000000000000';
const HASH = 'f'.repeat(64);

/**
 * One request per documented operation that changes nothing that matters (unknown ids, a
 * released switch), so the same request can be sent with every credential in turn.
 */
export function harmlessSamples(runId: string): Record<string, Sample> {
  return {
    'get /openapi.json': { path: '/openapi.json' },
    'get /whoami': { path: '/whoami' },
    'get /runs': { path: '/runs?limit=2' },
    'get /runs/:id': { path: `/runs/${runId}` },
    'get /runs/:id/label': { path: `/runs/${runId}/label` },
    'post /runs/:id/label': { path: `/runs/${GHOST}/label`, body: { label: 'right' } },
    'get /audit': { path: '/audit?limit=2' },
    'get /audit/export': { path: '/audit/export?format=json&limit=2' },
    'get /audit/verify': { path: '/audit/verify' },
    'get /approvals': { path: '/approvals?status=pending' },
    'get /approvals/:id': { path: `/approvals/${GHOST}` },
    'post /approvals/:id/approve': { path: `/approvals/${GHOST}/approve`, body: { planHash: HASH } },
    'post /approvals/:id/deny': { path: `/approvals/${GHOST}/deny`, body: { planHash: HASH } },
    'get /approval-links/:token': { path: '/approval-links/not-a-link' },
    'post /approval-links/:token/approve': { path: '/approval-links/not-a-link/approve', body: { planHash: HASH } },
    'post /approval-links/:token/deny': { path: '/approval-links/not-a-link/deny', body: { planHash: HASH } },
    'get /kill-switch': { path: '/kill-switch' },
    'post /kill-switch': { path: '/kill-switch', body: { scope: 'client', id: 'fabrikam', engaged: false, reason: 'role test' } },
    'get /policies': { path: '/policies' },
    'get /remediations': { path: '/remediations' },
    'get /config-overrides': { path: '/config-overrides' },
    'put /config-overrides': { path: '/config-overrides', body: { overrides: {} } },
    'post /dry-run': { path: '/dry-run', body: { installationId: 'no-such-installation', ticketId: '1' } },
    'get /keys': { path: '/keys' },
    'post /keys': { path: '/keys', body: { name: 'made-in-role-test', role: 'viewer' } },
    'post /keys/:id/revoke': { path: `/keys/nosuchkey1/revoke` },
    'get /stats': { path: '/stats?days=2' },
    'get /operations/alerts': { path: '/operations/alerts?limit=5' },
    'get /operations/self-check': { path: '/operations/self-check' },
    'get /operations/drills': { path: '/operations/drills?limit=5' },
  };
}

export const opKey = (op: Pick<AdminOperation, 'method' | 'path'>) => `${op.method} ${op.path}`;
