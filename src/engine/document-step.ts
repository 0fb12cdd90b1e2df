import type { Run } from '../model/run.js';
import { containsLink } from '../secret-link/redact-links.js';
import { openActed, withoutSecrets } from './acted-state.js';
import type { EngineDeps } from './deps.js';
import { installationStatuses } from './escalate.js';
import { resolutionNote } from './notes.js';
import type { RunScope } from './run-context.js';
import { transition } from './transition.js';
import { queueWriteBacks } from './write-back.js';

/**
 * documenting -> resolved: queue note, time entry and status (delivered status last); hold the
 * claim for the cooldown. A note built from a sealed handover is sealed in the outbox too and
 * addressed to the ticket's contact at act time; the run keeps no secret once it is queued.
 */
export async function documentStep(deps: EngineDeps, run: Run, scope: RunScope): Promise<Run> {
  const plan = run.plan!;
  const validation = run.validation!;
  const at = run.actedAt ?? deps.clock().toISOString();
  const acted = openActed(deps, run);
  const body = scope.remediation.resolutionNote(plan.input as never, plan.prior, validation, acted);
  const calls = plan.calls.map((c) => `${c.method} ${c.url} (${c.summary})`).join('; ');
  const text = resolutionNote(run, `${body}\nCall made: ${calls}.`, validation.message, at);
  const secret = Object.keys(acted.secrets).length > 0 || containsLink(text);
  await queueWriteBacks(deps, run, {
    purpose: 'resolution',
    note: { text, visibility: 'resolution', secret },
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
