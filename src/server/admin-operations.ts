import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { EngineDeps } from '../engine/deps.js';
import { AlertKind, listOperatorAlerts } from '../scheduler/operator-alerts.js';

const AlertsQuery = z.object({
  kind: AlertKind.optional(),
  from: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const DrillsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(12) });

/**
 * What the scheduled safety jobs found, for the operator: alerts (failed self-checks and
 * drills, overdue reviews), the last self-check, and the kill-switch drill history. Read-only.
 * `guards` are the admin API's authentication (and role) middleware, mounted before every route.
 */
export function adminOperationsRoutes(deps: EngineDeps, guards: RequestHandler[]): Router {
  const r = express.Router();
  r.use('/operations', ...guards);
  const store = () => deps.store;
  const bad = (res: express.Response, error: z.ZodError) =>
    void res.status(400).json({ error: 'bad_request', message: error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });

  r.get('/operations/alerts', async (req, res) => {
    const q = AlertsQuery.safeParse(req.query);
    if (!q.success) return bad(res, q.error);
    res.json({ alerts: await listOperatorAlerts(store(), q.data) });
  });
  r.get('/operations/self-check', async (_req, res) => {
    res.json((await store().getKv('self-check:last')) ?? { at: null, results: [] });
  });
  r.get('/operations/drills', async (req, res) => {
    const q = DrillsQuery.safeParse(req.query);
    if (!q.success) return bad(res, q.error);
    const drills = (await store().queryAudit({ type: 'kill_switch.drill', limit: 10_000 })).reverse().slice(0, q.data.limit);
    res.json({ drills: drills.map((e) => ({ at: e.at, outcome: e.outcome, steps: e.data.steps, seq: e.seq })) });
  });
  return r;
}
