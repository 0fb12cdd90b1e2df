import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { createApiKey, publicKeyView, revokeApiKey } from '../auth/api-keys.js';
import { principalOf, requireRole, Role } from '../auth/roles.js';
import type { Store } from '../store/store.js';
import { actorFor, parseOr400, sendError } from './admin-http.js';

const KeyView = z.object({ id: z.string(), name: z.string(), role: Role, createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
export const KeysResponse = z.object({ keys: z.array(KeyView) });
export const CreateKeyBody = z.object({ name: z.string().trim().min(1).max(100), role: Role });
export const CreateKeyResponse = z.object({ key: z.string().describe('the API key; shown this once, never again'), apiKey: KeyView });
export const RevokeKeyResponse = z.object({ apiKey: KeyView });
export const WhoamiResponse = z.object({ keyId: z.string(), name: z.string(), role: Role });

/** API keys (admin only) and who the caller is (anyone signed in). */
export function adminKeyRoutes(store: Store, clock: () => Date): Router {
  const r = express.Router();
  r.get('/whoami', requireRole('viewer'), (_req, res) => {
    const p = principalOf(res)!;
    res.json({ keyId: p.keyId, name: p.name, role: p.role });
  });
  r.get('/keys', requireRole('admin'), async (_req, res) => {
    res.json({ keys: (await store.listApiKeys()).map(publicKeyView) });
  });
  r.post('/keys', requireRole('admin'), async (req, res) => {
    const body = parseOr400(CreateKeyBody, req.body, res);
    if (!body) return;
    const made = await createApiKey(store, body.name, body.role, actorFor(res), clock());
    res.status(201).json({ key: made.key, apiKey: publicKeyView(made.record) });
  });
  r.post('/keys/:id/revoke', requireRole('admin'), async (req: Request<{ id: string }>, res) => {
    const existing = await store.getApiKey(req.params.id);
    if (!existing) return sendError(res, 404, 'not_found', `no API key '${req.params.id}'`);
    const revoked = await revokeApiKey(store, existing.id, actorFor(res), clock());
    if (!revoked) return sendError(res, 409, 'conflict', `API key '${existing.id}' is already revoked`);
    res.json({ apiKey: publicKeyView(revoked) });
  });
  return r;
}
