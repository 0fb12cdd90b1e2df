import type { Run } from '../model/run.js';
import { OutsideApiError } from '../http/outside-api-error.js';
import type { EngineDeps } from './deps.js';
import { classify } from './classify.js';
import { isAlertRun } from './alert-classify.js';
import { alertGuards } from './alert-guards.js';
import { alertSettleMs } from './alert-settle.js';
import { isShadowTicketId, readRunTicket } from './alert-shadow.js';
import { isAlertTicket } from './alert-ticket.js';
import { deferRun, shouldDefer } from './defer.js';
import { escalate } from './escalate.js';
import { duplicateNote } from './notes.js';
import { claimKeyFor, makePlan } from './plan-step.js';
import { buildScope, findClient, findRemediation, type RunMemory } from './run-context.js';
import { transition } from './transition.js';
import { queueWriteBacks } from './write-back.js';

/** How long an in-progress claim holds before another worker may take over a dead run's problem. */
const IN_PROGRESS_CLAIM_MS = 15 * 60_000;

/** received -> decided | escalated | duplicate. Reads the ticket and the world; changes nothing. */
export async function decideStep(deps: EngineDeps, run: Run, mem: RunMemory): Promise<Run> {
  // An RMM alert waits out its settle window first (storms are seen before any restart).
  if (alertSettleMs(deps, run) > 0) return run;
  const alertRun = isAlertRun(run.classification);
  try {
    // A shadow alert run's ticket is synthetic (never opened in the PSA): read from the store.
    mem.ticket = await readRunTicket(deps, run);
  } catch (err) {
    if (!(err instanceof OutsideApiError)) throw err;
    // Rate-limited or down: wait for the PSA rather than hand the ticket to a person.
    if (shouldDefer(deps, run, err)) return deferRun(deps, run, err);
    return escalate(deps, run, 'ticket_unreadable', err.message);
  }
  const ticket = mem.ticket;
  if (ticket.closed) return transition(deps, run, { state: 'duplicate', detail: 'the ticket is already closed' }, { type: 'skipped', outcome: 'duplicate', data: { why: 'ticket closed' } });
  if (!alertRun && isAlertTicket(ticket)) {
    return transition(deps, run, { state: 'duplicate', detail: 'the ticket was opened for an RMM alert; that alert\'s run handles it' }, { type: 'skipped', outcome: 'duplicate', data: { why: 'alert ticket' } });
  }
  // Alert runs are de-duplicated per alert and device at intake; the ticket may be the RMM's own.
  const earlier = alertRun ? undefined : (await deps.store.listRuns({ ticketId: run.ticketId })).find((r) => r.id !== run.id && r.installationId === run.installationId && r.createdAt <= run.createdAt);
  if (earlier) {
    // One run per ticket: later callbacks (edits, our own echoes) are recorded, not re-run.
    return transition(deps, run, { state: 'duplicate', detail: `ticket already handled by run ${earlier.id}` }, { type: 'skipped', outcome: 'duplicate', data: { why: 'ticket already has a run', runId: earlier.id } });
  }

  const client = findClient(deps, run.installationId, ticket.companyId);
  if (!client) return escalate(deps, run, 'unknown_client', `PSA company ${ticket.companyId}${ticket.companyName ? ` (${ticket.companyName})` : ''} is not mapped to a client`, { quiet: true });
  run = { ...run, clientId: client.id };

  // An alert is classified from its structured fields at intake, never from text.
  const classification = alertRun && run.classification ? run.classification : classify(ticket, deps.remediations);
  run = { ...run, classification, remediationId: classification.remediationId };
  const remediation = classification.remediationId ? findRemediation(deps, classification.remediationId) : undefined;
  if (!remediation && classification.remediationId) return escalate(deps, run, 'remediation_disabled', `the ticket reads as ${classification.remediationId}, which is not automated here`);
  if (!remediation) return escalate(deps, run, 'no_match', 'no automated remediation applies to this ticket', { quiet: !alertRun });

  const scope = buildScope(deps, client, remediation, ticket, run.classification?.params.rmmInstallationId);
  if (!scope.policy.enabled) return escalate(deps, run, 'remediation_disabled', `${remediation.id} is disabled for client '${client.id}'`);
  if (classification.confidence < scope.policy.confidenceThreshold) {
    return escalate(deps, run, 'low_confidence', `confidence ${classification.confidence.toFixed(2)} is below the threshold ${scope.policy.confidenceThreshold}`);
  }

  const guard = await alertGuards(deps, run, scope);
  if (guard.stop) return guard.run;
  run = guard.run;

  const planned = await makePlan(scope, { confidence: classification.confidence, reasons: classification.reasons, params: run.classification?.params ?? classification.params });
  if (!planned.ok) return escalate(deps, run, planned.reason, planned.detail);
  const plan = planned.plan;
  run = { ...run, plan, dryRun: scope.policy.dryRun || isShadowTicketId(run.ticketId) };

  const claimKey = claimKeyFor(plan);
  const now = deps.clock();
  const claim = await deps.store.claim(claimKey, run.id, new Date(now.getTime() + IN_PROGRESS_CLAIM_MS).toISOString(), now.toISOString());
  if (!claim.ok) {
    if (!run.dryRun) {
      await queueWriteBacks(deps, run, { purpose: 'duplicate', note: { text: duplicateNote(deps.config, run, claim.heldBy, claim.until), visibility: 'internal' } });
    }
    return transition(deps, run, { state: 'duplicate', detail: `problem already handled by run ${claim.heldBy}` }, { type: 'duplicate', outcome: 'duplicate', data: { claimKey, heldBy: claim.heldBy, until: claim.until } });
  }
  if (run.dryRun) await deps.store.releaseClaim(claimKey, run.id);
  return transition(
    deps,
    run,
    { state: 'decided', claimKey: run.dryRun ? null : claimKey },
    { type: 'decided', data: { classification, planHash: plan.hash, summary: plan.summary, targets: plan.targets, calls: plan.calls, policy: { ...scope.policy, settings: undefined }, dryRun: run.dryRun } },
  );
}
