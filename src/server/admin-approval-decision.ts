import type { Response } from 'express';
import { ApprovalDecisionError, type Engine } from '../engine/engine.js';
import type { EngineDeps } from '../engine/deps.js';
import { queueWriteBacks } from '../engine/write-back.js';
import type { WorkQueue } from '../queue/in-process-queue.js';
import { runJob } from '../queue/jobs.js';
import type { Approval } from '../store/store.js';
import { sendError } from './admin-http.js';

export interface DecisionDeps {
  deps: EngineDeps;
  engine: Engine;
  queue: WorkQueue;
}

export interface DecisionRequest {
  approvalId: string;
  decision: 'approved' | 'denied';
  /** The plan hash the decider saw; undefined only for the bootstrap token (kept for old callers). */
  planHash: string | undefined;
  actor: string;
  /** How it was decided ('admin-api', 'approval-link'), for the note. */
  via: string;
}

/**
 * Decides an approval for exactly the plan the person saw: a plan hash that is not the one
 * the approval is bound to is refused (409), so a plan that changed cannot be approved blind.
 * The decision lands in the audit (actor = the key) and on the ticket (an internal note), and
 * the run is woken. Answers the HTTP response itself; returns the approval when decided.
 */
export async function decideForPlan(d: DecisionDeps, q: DecisionRequest, res: Response): Promise<Approval | undefined> {
  const store = d.deps.store;
  const approval = await store.getApproval(q.approvalId);
  if (!approval) return void sendError(res, 404, 'not_found', `no approval '${q.approvalId}'`);
  if (q.planHash !== undefined && q.planHash !== approval.planHash) {
    return void sendError(res, 409, 'plan_changed', `approval '${approval.id}' is for plan ${approval.planHash}, not ${q.planHash}: read the approval again and decide on the plan it shows`);
  }
  let decided: Approval;
  try {
    decided = await d.engine.decide(approval.id, q.decision, q.actor);
  } catch (err) {
    if (err instanceof ApprovalDecisionError) return void sendError(res, 409, 'conflict', err.message);
    throw err;
  }
  const run = await store.getRun(decided.runId);
  if (run) {
    const verb = q.decision === 'approved' ? 'approved' : 'denied';
    const next = q.decision === 'approved' ? 'The automation reads the situation again and acts only if the plan is unchanged.' : 'Nothing will be changed automatically; a technician takes over.';
    await queueWriteBacks(d.deps, run, {
      purpose: `approval-${approval.id}-decision`,
      note: { text: `Approval ${approval.id} was ${verb} by ${q.actor} via ${q.via} at ${decided.decidedAt ?? ''} for plan ${approval.planHash}: ${approval.planSummary}. ${next}`, visibility: 'internal' },
    });
    d.queue.push(runJob(run));
  }
  res.json({ approval: decided });
  return decided;
}
