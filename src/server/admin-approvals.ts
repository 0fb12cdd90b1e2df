import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import { Plan } from '../model/plan.js';
import { ApprovalRecord } from '../store/records.js';
import { actorFor, ByField, parseOr400, sendError } from './admin-http.js';
import { decideForPlan, type DecisionDeps } from './admin-approval-decision.js';

const ApprovalStatus = z.enum(['pending', 'approved', 'denied', 'expired', 'voided']);
export const ApprovalsQuery = z.object({ status: ApprovalStatus.optional() });
export const ApprovalsResponse = z.object({ approvals: z.array(ApprovalRecord) });
export const ApprovalDetailResponse = z.object({ approval: ApprovalRecord, plan: Plan.nullable() });
export const PlanHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-hex plan hash shown with the approval');
export const DecisionBody = z.object({ planHash: PlanHash, by: ByField });
export const DecisionResponse = z.object({ approval: ApprovalRecord });

/** Approvals: list, one with its exact plan, and decisions bound to the plan hash the decider saw. */
export function adminApprovalRoutes(d: DecisionDeps): Router {
  const store = d.deps.store;
  const r = express.Router();
  r.get('/approvals', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(ApprovalsQuery, req.query, res);
    if (q) res.json({ approvals: await store.listApprovals(q.status) });
  });
  r.get('/approvals/:id', requireRole('viewer'), async (req: Request<{ id: string }>, res) => {
    const approval = await store.getApproval(req.params.id);
    if (!approval) return sendError(res, 404, 'not_found', `no approval '${req.params.id}'`);
    const run = await store.getRun(approval.runId);
    // The plan shown is the run's plan only while it is the one this approval is bound to.
    const plan = run?.plan && run.plan.hash === approval.planHash ? run.plan : null;
    res.json({ approval, plan });
  });
  for (const [path, decision] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    r.post(`/approvals/:id/${path}`, requireRole('approver'), async (req: Request<{ id: string }>, res) => {
      // Every decision names the plan its author saw (GET /admin/approvals/{id}): never decided blind.
      const body = parseOr400(DecisionBody, req.body ?? {}, res);
      if (!body) return;
      await decideForPlan(d, { approvalId: req.params.id, decision, planHash: body.planHash, actor: actorFor(res), via: 'the admin API' }, res);
    });
  }
  return r;
}
