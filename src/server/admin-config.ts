import express, { type Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import { ConfigOverrides, OVERRIDES_KEY, overrideProblems, type StoredOverrides } from '../config/live-overrides.js';
import type { AppConfig } from '../config/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import { previewTicket } from '../engine/preview.js';
import { OutsideApiError } from '../http/outside-api-error.js';
import { Ticket } from '../model/ticket.js';
import { actorFor, ByField, parseOr400, sendError } from './admin-http.js';

export const OverridesBody = z.object({ overrides: ConfigOverrides, by: ByField });
const OverridesEnvelope = z.object({ overrides: z.unknown().refine((v) => v !== undefined, 'required'), by: ByField });
export const OverridesResponse = z.object({ version: z.number().int(), overrides: ConfigOverrides, by: z.string().optional(), at: z.string().optional() });
export const DryRunBody = z.union([z.object({ installationId: z.string(), ticketId: z.string() }), z.object({ installationId: z.string(), ticket: Ticket })]);
export const DryRunResponse = z.object({ preview: z.record(z.string(), z.unknown()) });

/** Run-time config overrides and dry-run of a ticket: admin only (they change or probe behaviour). */
export function adminConfigRoutes(deps: EngineDeps, baseConfig: AppConfig): Router {
  const store = deps.store;
  const r = express.Router();
  r.get('/config-overrides', requireRole('viewer'), async (_req, res) => {
    res.json((await store.getKv<StoredOverrides>(OVERRIDES_KEY)) ?? { version: 0, overrides: {} });
  });
  r.put('/config-overrides', requireRole('admin'), async (req, res) => {
    const shape = parseOr400(OverridesEnvelope, req.body, res);
    if (!shape) return;
    // The same checks as the file (ids that exist, each remediation's settings schema), each naming its field.
    const problems = overrideProblems(baseConfig, shape.overrides, deps.remediations);
    if (problems.length > 0) return sendError(res, 400, 'bad_request', problems.slice(0, 20).join('; '));
    const body = OverridesBody.parse(req.body);
    const by = actorFor(res);
    const current = await store.getKv<StoredOverrides>(OVERRIDES_KEY);
    const next: StoredOverrides = { version: (current?.version ?? 0) + 1, overrides: body.overrides, by, at: deps.clock().toISOString() };
    await store.setKv(OVERRIDES_KEY, next);
    await store.appendAudit({ type: 'config.overrides_set', runId: null, ticketId: null, clientId: null, remediationId: null, outcome: null, actor: by, data: { version: next.version, overrides: body.overrides } });
    res.json(next);
  });
  r.post('/dry-run', requireRole('admin'), async (req, res) => {
    const body = parseOr400(DryRunBody, req.body, res);
    if (!body) return;
    if (!deps.config.installations.some((i) => i.id === body.installationId)) return sendError(res, 404, 'not_found', `no installation '${body.installationId}'`);
    let ticket;
    try {
      ticket = 'ticket' in body ? body.ticket : await deps.psa(body.installationId).getTicket(body.ticketId);
    } catch (err) {
      if (!(err instanceof OutsideApiError)) throw err;
      // The PSA refused (no such ticket, bad id): the caller's mistake. Unreachable: try later.
      return sendError(res, err.retryable ? 503 : 400, err.retryable ? 'unavailable' : 'bad_request', err.message);
    }
    res.json({ preview: await previewTicket(deps, body.installationId, ticket) });
  });
  return r;
}
