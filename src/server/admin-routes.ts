import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AuditQuery } from '../model/audit.js';
import { RunState } from '../model/run.js';
import { Ticket } from '../model/ticket.js';
import type { Engine } from '../engine/engine.js';
import { ApprovalDecisionError } from '../engine/engine.js';
import type { EngineDeps } from '../engine/deps.js';
import { previewTicket } from '../engine/preview.js';
import { setKillSwitch } from '../engine/kill-switch.js';
import type { WorkQueue } from '../queue/in-process-queue.js';
import type { KillScope } from '../store/store.js';
import { requireAdminToken } from './admin-auth.js';
import { applyOverrides, ConfigOverrides, OVERRIDES_KEY, type StoredOverrides } from '../config/live-overrides.js';
import type { AppConfig } from '../config/schema.js';
import { OutsideApiError } from '../http/outside-api-error.js';
import { runJob } from '../queue/jobs.js';

export interface AdminDeps {
  deps: EngineDeps;
  /** The config file as loaded; overrides are laid over it. */
  baseConfig: AppConfig;
  engine: Engine;
  queue: WorkQueue;
  adminToken: string;
}

const RunsQuery = z.object({
  ticketId: z.string().optional(),
  clientId: z.string().optional(),
  remediationId: z.string().optional(),
  state: RunState.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const KillBody = z.object({
  scope: z.enum(['global', 'client', 'remediation', 'client-remediation']),
  id: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
  engaged: z.boolean(),
  reason: z.string().max(500).default(''),
  by: z.string().max(100).default('admin-api'),
});
const DecisionBody = z.object({ by: z.string().min(1).max(100).default('admin-api') });
const DryRunBody = z.union([
  z.object({ installationId: z.string(), ticketId: z.string() }),
  z.object({ installationId: z.string(), ticket: Ticket }),
]);

/** The authenticated operator API: runs, audit, approvals, kill switch, dry-run. */
export function adminRoutes(a: AdminDeps): Router {
  const { deps, engine, queue } = a;
  const store = deps.store;
  const r = express.Router();
  r.use(requireAdminToken(a.adminToken));
  r.use(express.json({ limit: '256kb' }));

  const parse = <T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined => {
    const p = schema.safeParse(value);
    if (p.success) return p.data;
    res.status(400).json({ error: 'bad_request', message: p.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    return undefined;
  };

  r.get('/runs', async (req, res) => {
    const q = parse(RunsQuery, req.query, res);
    if (q) res.json({ runs: await store.listRuns(q) });
  });
  r.get('/runs/:id', async (req: Request<{ id: string }>, res) => {
    const run = await store.getRun(req.params.id);
    if (!run) return void res.status(404).json({ error: 'not_found', message: `no run '${req.params.id}'` });
    res.json({ run, audit: await store.queryAudit({ runId: run.id }), outbox: await store.listOutbox({ runId: run.id }) });
  });
  r.get('/audit/verify', async (_req, res) => {
    const v = await store.verifyAudit();
    res.status(v.ok ? 200 : 409).json(v);
  });
  r.get('/audit', async (req, res) => {
    const q = parse(AuditQuery, req.query, res);
    if (q) res.json({ events: await store.queryAudit(q) });
  });
  r.get('/approvals', async (req, res) => {
    const status = parse(z.enum(['pending', 'approved', 'denied', 'expired', 'voided']).optional(), req.query.status, res);
    if (!res.headersSent) res.json({ approvals: await store.listApprovals(status) });
  });
  r.post('/approvals/:id/:decision', async (req: Request<{ id: string; decision: string }>, res) => {
    const decision = req.params.decision === 'approve' ? 'approved' : req.params.decision === 'deny' ? 'denied' : null;
    if (!decision) return void res.status(404).json({ error: 'not_found', message: 'use /approve or /deny' });
    const body = parse(DecisionBody, req.body ?? {}, res);
    if (!body) return;
    try {
      const approval = await engine.decide(req.params.id, decision, body.by);
      const run = await store.getRun(approval.runId);
      if (run) queue.push(runJob(run));
      res.json({ approval });
    } catch (err) {
      if (err instanceof ApprovalDecisionError) return void res.status(409).json({ error: 'conflict', message: err.message });
      throw err;
    }
  });
  r.get('/kill-switch', async (_req, res) => {
    res.json({ switches: await store.listKillSwitches() });
  });
  r.post('/kill-switch', async (req, res) => {
    const body = parse(KillBody, req.body, res);
    if (!body) return;
    if (body.scope !== 'global' && !body.id) return void res.status(400).json({ error: 'bad_request', message: `scope '${body.scope}' needs an id` });
    if (body.scope === 'client-remediation' && !body.clientId) return void res.status(400).json({ error: 'bad_request', message: "scope 'client-remediation' needs a clientId" });
    const scope: KillScope =
      body.scope === 'global' ? { kind: 'global' } : body.scope === 'client-remediation' ? { kind: body.scope, clientId: body.clientId!, id: body.id! } : { kind: body.scope, id: body.id! };
    const at = deps.clock().toISOString();
    await setKillSwitch(store, scope, body.engaged, body.by, body.reason, at);
    res.json({ switches: await store.listKillSwitches() });
  });
  r.get('/config-overrides', async (_req, res) => {
    res.json((await store.getKv<StoredOverrides>(OVERRIDES_KEY)) ?? { version: 0, overrides: {} });
  });
  r.put('/config-overrides', async (req, res) => {
    const body = parse(z.object({ overrides: ConfigOverrides, by: z.string().min(1).max(100).default('admin-api') }), req.body, res);
    if (!body) return;
    try {
      applyOverrides(a.baseConfig, body.overrides); // refuse what would not make a valid config
    } catch (err) {
      return void res.status(400).json({ error: 'bad_request', message: err instanceof Error ? err.message : String(err) });
    }
    const current = await store.getKv<StoredOverrides>(OVERRIDES_KEY);
    const next: StoredOverrides = { version: (current?.version ?? 0) + 1, overrides: body.overrides, by: body.by, at: deps.clock().toISOString() };
    await store.setKv(OVERRIDES_KEY, next);
    await store.appendAudit({ type: 'config.overrides_set', runId: null, ticketId: null, clientId: null, remediationId: null, outcome: null, actor: body.by, data: { version: next.version, overrides: body.overrides } });
    res.json(next);
  });
  r.post('/dry-run', async (req, res) => {
    const body = parse(DryRunBody, req.body, res);
    if (!body) return;
    if (!deps.config.installations.some((i) => i.id === body.installationId)) {
      return void res.status(404).json({ error: 'not_found', message: `no installation '${body.installationId}'` });
    }
    let ticket;
    try {
      ticket = 'ticket' in body ? body.ticket : await deps.psa(body.installationId).getTicket(body.ticketId);
    } catch (err) {
      if (!(err instanceof OutsideApiError)) throw err;
      // The PSA refused (no such ticket, bad id): the caller's mistake. Unreachable: try later.
      return void res.status(err.retryable ? 503 : 400).json({ error: err.retryable ? 'unavailable' : 'bad_request', message: err.message });
    }
    res.json({ preview: await previewTicket(deps, body.installationId, ticket) });
  });
  return r;
}
