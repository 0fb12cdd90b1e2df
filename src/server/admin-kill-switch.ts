import express, { type Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import type { EngineDeps } from '../engine/deps.js';
import { killScopeProblem, setKillSwitch } from '../engine/kill-switch.js';
import type { KillScope } from '../store/store.js';
import { actorFor, ByField, parseOr400, sendError } from './admin-http.js';

export const KillBody = z.object({
  scope: z.enum(['global', 'client', 'remediation', 'client-remediation']),
  id: z.string().min(1).optional().describe('the client id (scope client) or remediation id (remediation, client-remediation), exactly as configured'),
  clientId: z.string().min(1).optional(),
  engaged: z.boolean(),
  reason: z.string().max(500).default(''),
  by: ByField,
});
const ScopeOut = z.union([
  z.object({ kind: z.literal('global') }),
  z.object({ kind: z.enum(['client', 'remediation']), id: z.string() }),
  z.object({ kind: z.literal('client-remediation'), clientId: z.string(), id: z.string() }),
]);
export const KillSwitchesResponse = z.object({ switches: z.array(z.object({ scope: ScopeOut, engaged: z.boolean(), by: z.string(), reason: z.string(), at: z.string() })) });

/** Kill switch: anyone may read it; only an admin engages or releases it, and only for ids that exist. */
export function adminKillSwitchRoutes(deps: EngineDeps): Router {
  const store = deps.store;
  const r = express.Router();
  r.get('/kill-switch', requireRole('viewer'), async (_req, res) => {
    res.json({ switches: await store.listKillSwitches() });
  });
  r.post('/kill-switch', requireRole('admin'), async (req, res) => {
    const body = parseOr400(KillBody, req.body, res);
    if (!body) return;
    if (body.scope !== 'global' && !body.id) return sendError(res, 400, 'bad_request', `scope '${body.scope}' needs an id`);
    if (body.scope === 'client-remediation' && !body.clientId) return sendError(res, 400, 'bad_request', "scope 'client-remediation' needs a clientId");
    const scope: KillScope =
      body.scope === 'global' ? { kind: 'global' } : body.scope === 'client-remediation' ? { kind: body.scope, clientId: body.clientId!, id: body.id! } : { kind: body.scope, id: body.id! };
    const known = { clients: deps.config.clients.map((c) => c.id), remediations: deps.remediations.map((d) => d.id) };
    const problem = killScopeProblem(scope, body.engaged, known, await store.listKillSwitches());
    if (problem) return sendError(res, 400, 'unknown_id', `nothing was changed: ${problem}`);
    await setKillSwitch(store, scope, body.engaged, actorFor(res), body.reason, deps.clock().toISOString());
    res.json({ switches: await store.listKillSwitches() });
  });
  return r;
}
