import { Plan } from '../model/plan.js';
import type { EscalationReason } from '../model/run.js';
import type { MatchResult } from '../remediation/define.js';
import { OutsideApiError } from '../http/outside-api-error.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import type { RunScope } from './run-context.js';

export type PlanStepResult = { ok: true; plan: Plan } | { ok: false; reason: EscalationReason; detail: string };

/**
 * Asks the remediation for its plan, then applies the engine's own checks on it, so a
 * remediation that forgets one cannot slip past: every target must belong to the client.
 */
export async function makePlan(scope: RunScope, match: MatchResult): Promise<PlanStepResult> {
  const { remediation, client, ctx } = scope;
  if (remediation.needs.includes('m365') && !ctx.m365) return { ok: false, reason: 'out_of_scope', detail: `client '${client.id}' has no Microsoft 365 tenant configured` };
  let outcome;
  try {
    outcome = await remediation.plan(ctx, match);
  } catch (err) {
    if (err instanceof OutsideApiError) return { ok: false, reason: 'api_error', detail: err.message };
    throw err;
  }
  if (outcome.kind === 'refuse') return { ok: false, reason: outcome.reason, detail: outcome.detail };
  const draft = outcome.plan;
  const input = remediation.inputSchema.safeParse(draft.input);
  if (!input.success) return { ok: false, reason: 'out_of_scope', detail: `the plan's input is invalid: ${input.error.issues[0]?.message}` };
  for (const t of draft.targets) {
    if (t.id.includes('@')) {
      const domain = t.id.split('@').pop()?.toLowerCase() ?? '';
      const domains = (client.m365?.domains ?? []).map((d) => d.toLowerCase());
      if (!domains.includes(domain)) return { ok: false, reason: 'target_not_in_client', detail: `${t.type} ${t.id} is not in a verified domain of client '${client.id}'` };
    }
  }
  const body = {
    remediationId: remediation.id,
    remediationVersion: remediation.version,
    clientId: client.id,
    problem: draft.problem,
    targets: draft.targets,
    calls: draft.calls,
    prior: draft.prior,
    expected: draft.expected,
    input: draft.input as Record<string, unknown>,
    approvalReason: draft.approvalReason,
    summary: draft.summary,
  };
  // The hash binds approvals to exactly what will be done and to the state it was planned on.
  const hash = sha256Hex(canonicalJson({ ...body, summary: undefined }));
  return { ok: true, plan: Plan.parse({ ...body, hash }) };
}

export const claimKeyFor = (plan: Plan): string =>
  [plan.clientId, plan.remediationId, plan.targets.map((t) => `${t.type}:${t.id.toLowerCase()}`).sort().join(','), plan.problem].join('|');
