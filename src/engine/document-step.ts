import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { installationStatuses } from './escalate.js';
import { resolutionNote } from './notes.js';
import type { RunScope } from './run-context.js';
import { transition } from './transition.js';
import { queueWriteBacks } from './write-back.js';

/** documenting -> resolved: queue note, status and time entry; hold the claim for the cooldown. */
export async function documentStep(deps: EngineDeps, run: Run, scope: RunScope): Promise<Run> {
  const plan = run.plan!;
  const validation = run.validation!;
  const at = run.actedAt ?? deps.clock().toISOString();
  const body = scope.remediation.resolutionNote(plan.input as never, plan.prior, validation);
  const calls = plan.calls.map((c) => `${c.method} ${c.url} (${c.summary})`).join('; ');
  await queueWriteBacks(deps, run, {
    purpose: 'resolution',
    note: { text: resolutionNote(run, `${body}\nCall made: ${calls}.`, validation.message, at), visibility: 'resolution' },
    status: installationStatuses(deps, run.installationId).resolved,
    timeEntry: { minutes: scope.remediation.timeEntryMinutes, notes: `Automated remediation: ${plan.summary}.` },
  });
  if (run.claimKey) {
    const until = new Date(deps.clock().getTime() + scope.policy.cooldownSeconds * 1000).toISOString();
    await deps.store.extendClaim(run.claimKey, run.id, until);
  }
  return transition(deps, run, { state: 'resolved' }, { type: 'resolved', outcome: 'resolved', data: { summary: plan.summary, validation: validation.message } });
}
