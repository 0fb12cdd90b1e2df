import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { ApprovalLinkSigner, LinkClaims } from '../auth/approval-links.js';
import { actorFor, parseOr400, sendError } from './admin-http.js';
import { requireRole } from '../auth/roles.js';
import { decideForPlan, type DecisionDeps } from './admin-approval-decision.js';
import { ApprovalDetailResponse, PlanHash } from './admin-approvals.js';

export const LinkDetailResponse = ApprovalDetailResponse.extend({ link: z.object({ expiresAt: z.string() }) });
export const LinkDecisionBody = z.object({ planHash: PlanHash });

/**
 * The JSON half of the approval links put in ticket notes (the page at /approve/<token> calls
 * these after the approver signs in). The link names the approval; the approver's key decides;
 * the link works for one decision only.
 */
export function adminApprovalLinkRoutes(d: DecisionDeps, signer: ApprovalLinkSigner | undefined): Router {
  const store = d.deps.store;
  const r = express.Router();
  const check = async (req: Request<{ token: string }>, res: Response): Promise<LinkClaims | undefined> => {
    if (!signer) return void sendError(res, 404, 'not_found', 'approval links are not configured on this server');
    const v = await signer.verify(req.params.token, (id) => store.getApproval(id), d.deps.clock());
    if (!v.ok) return void sendError(res, v.status, v.status === 410 ? 'expired' : 'bad_request', v.message);
    return v.claims;
  };
  r.get('/approval-links/:token', requireRole('approver'), async (req: Request<{ token: string }>, res) => {
    const claims = await check(req, res);
    if (!claims) return;
    const approval = (await store.getApproval(claims.approvalId))!;
    const run = await store.getRun(approval.runId);
    const plan = run?.plan && run.plan.hash === approval.planHash ? run.plan : null;
    res.json({ approval, plan, link: { expiresAt: claims.expiresAt } });
  });
  for (const [path, decision] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    r.post(`/approval-links/:token/${path}`, requireRole('approver'), async (req: Request<{ token: string }>, res) => {
      const claims = await check(req, res);
      if (!claims) return;
      const body = parseOr400(LinkDecisionBody, req.body ?? {}, res);
      if (!body) return;
      const approval = (await store.getApproval(claims.approvalId))!;
      // Checked before the link is spent, so a stale page can be reloaded and decided again.
      if (body.planHash !== approval.planHash) return sendError(res, 409, 'plan_changed', `this approval is for plan ${approval.planHash}, not ${body.planHash}: reload the page`);
      if (approval.status !== 'pending') return sendError(res, 409, 'conflict', `approval '${approval.id}' is already ${approval.status}`);
      if (!(await store.useOnce(`approval-link:${claims.linkId}`, claims.expiresAt))) return sendError(res, 409, 'link_used', 'this approval link was already used');
      const actor = actorFor(res);
      await store.appendAudit({ type: 'approval_link.used', runId: approval.runId, ticketId: approval.ticketId, clientId: approval.clientId, remediationId: approval.remediationId, outcome: null, actor, data: { approvalId: approval.id, linkId: claims.linkId, decision } });
      await decideForPlan(d, { approvalId: approval.id, decision, planHash: body.planHash, actor, via: 'the approval link in the ticket' }, res);
    });
  }
  return r;
}
