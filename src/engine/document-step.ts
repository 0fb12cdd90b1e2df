import type { Run } from '../model/run.js';
import type { ActedState, RemediationDefinition } from '../remediation/define.js';
import { containsLink, redactLinks } from '../secret-link/redact-links.js';
import { openActed, withoutSecrets } from './acted-state.js';
import { customerNoteFor } from './customer-notes.js';
import type { EngineDeps } from './deps.js';
import { installationStatuses } from './escalate.js';
import { resolutionInternalNote } from './notes.js';
import type { RunScope } from './run-context.js';
import { transition } from './transition.js';
import { queueWriteBacks } from './write-back.js';

/**
 * documenting -> resolved: queue two notes (the technicians' with calls, evidence, run link and
 * marker; the customer's in plain language), the time entry and the status (delivered last,
 * after both notes); hold the claim for the cooldown. A one-time link goes in the customer's
 * note only, which is then sealed in the outbox and addressed to the ticket's contact at act
 * time; the run keeps no secret once it is queued.
 */
export async function documentStep(deps: EngineDeps, run: Run, scope: RunScope): Promise<Run> {
  const plan = run.plan!;
  const validation = run.validation!;
  const at = run.actedAt ?? deps.clock().toISOString();
  const acted = openActed(deps, run);
  const { customer, internal } = resolutionNotes(deps, run, scope.remediation, acted, at, scope.ctx.ticket.contactName);
  const secret = Object.keys(acted.secrets).length > 0 || containsLink(customer);
  await queueWriteBacks(deps, run, {
    purpose: 'resolution',
    note: { text: internal, visibility: 'internal' },
    customerNote: { text: customer, visibility: 'resolution', secret },
    status: installationStatuses(deps, run.installationId).resolved,
    timeEntry: { minutes: scope.remediation.timeEntryMinutes, notes: `Automated remediation: ${plan.summary}.` },
    ...(secret ? { addressedTo: run.acted?.ticket?.contactEmail ?? null } : {}),
  });
  if (run.claimKey) {
    const until = new Date(deps.clock().getTime() + scope.policy.cooldownSeconds * 1000).toISOString();
    await deps.store.extendClaim(run.claimKey, run.id, until);
  }
  return transition(deps, run, { state: 'resolved', ...withoutSecrets(run) }, { type: 'resolved', outcome: 'resolved', data: { summary: plan.summary, validation: validation.message } });
}

/** The two notes of a resolved run (the customer's, and the technicians' with calls, evidence, run link and marker). */
export function resolutionNotes(
  deps: Pick<EngineDeps, 'config'>,
  run: Run,
  remediation: RemediationDefinition<never, never>,
  acted: ActedState,
  at: string,
  contactName?: string | null,
): { customer: string; internal: string } {
  const plan = run.plan!;
  const validation = run.validation!;
  const parts = remediation.customerNote(plan.input as never, plan.prior, validation, acted);
  const customer = customerNoteFor(deps, run, 'resolved', { problem: parts.problem, action: parts.action, nextStep: parts.nextStep ?? '', ...parts.values }, contactName);
  // The technicians' note never carries a user's one-time link, even if a remediation put one in it.
  const internal = redactLinks(resolutionInternalNote(deps.config, run, remediation.internalNote(plan.input as never, plan.prior, validation, acted), validation.message, at));
  return { customer, internal };
}
