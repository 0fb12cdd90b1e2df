import type { EscalationReason, Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { isShadow } from './gates.js';
import { customerNoteFor, customerReason } from './customer-notes.js';
import { escalationNote } from './notes.js';
import { transition } from './transition.js';
import { queueWriteBacks } from './write-back.js';

/**
 * Hands a run to a person with everything the loop knew and tried: an internal note (and a
 * plain one for the customer), the
 * escalated status, the claim released (so a technician's retry is not a "duplicate").
 */
export async function escalate(
  deps: EngineDeps,
  run: Run,
  reason: EscalationReason,
  detail: string,
  options: { attempted?: string[]; finalState?: 'escalated' | 'rolled_back'; data?: Record<string, unknown>; quiet?: boolean } = {},
): Promise<Run> {
  const finalState = options.finalState ?? 'escalated';
  // Quiet: the ticket was never ours (no remediation applies, or the client is not automated):
  // it stays in the normal queue untouched, and only the audit records why.
  if (!options.quiet) {
    const statuses = installationStatuses(deps, run.installationId);
    await queueWriteBacks(deps, run, {
      purpose: 'escalation',
      note: { text: escalationNote(deps.config, run, reason, detail, options.attempted ?? []), visibility: 'internal' },
      customerNote: { text: customerNoteFor(deps, run, 'escalated', { reason: customerReason(reason) }), visibility: 'customer' },
      status: statuses.escalated,
    });
  }
  // In shadow mode queueWriteBacks skipped the note and status: the ticket was not touched.
  const shadow = isShadow(deps.config, run.clientId, run.remediationId);
  if (run.claimKey) await deps.store.releaseClaim(run.claimKey, run.id);
  deps.log.info({ runId: run.id, ticketId: run.ticketId, reason }, 'run escalated');
  return transition(deps, run, { state: finalState, escalationReason: reason, detail }, { type: 'escalated', outcome: finalState, data: { reason, detail, attempted: options.attempted ?? [], ticketUpdated: !options.quiet && !shadow, ...(shadow ? { shadow } : {}), ...options.data } });
}

export function installationStatuses(deps: EngineDeps, installationId: string) {
  const install = deps.config.installations.find((i) => i.id === installationId);
  if (!install) throw new Error(`unknown installation '${installationId}'`);
  return install.statuses;
}
