import type { EscalationReason, Run } from '../model/run.js';
import { customerNote } from '../notes/customer-note.js';
import type { NoteOutcome } from '../notes/outcomes.js';
import type { EngineDeps } from './deps.js';

/** What the ticket's contact is told when a run is handed to a person: why, without any internals. */
const CUSTOMER_REASON: Record<EscalationReason, string> = {
  unknown_client: 'this request needs a person to look at it',
  no_match: 'this request needs a person to look at it',
  low_confidence: 'we were not sure enough what is needed',
  out_of_scope: 'this request needs a person to look at it',
  remediation_disabled: 'this kind of request is handled by a person',
  target_not_in_client: 'we could not confirm the account or device named',
  blast_radius: 'the change is larger than we make automatically',
  rate_limited: 'we are handling many requests right now',
  kill_switch: 'automatic fixes are paused at the moment',
  approval_denied: 'the change was not approved',
  approval_expired: 'the approval was not given in time',
  plan_changed: 'something changed while we waited for approval',
  validation_failed: 'the change did not have the expected effect',
  api_error: 'a system we rely on did not respond as expected',
  ticket_unreadable: 'this request needs a person to look at it',
  recurring: 'the problem keeps coming back, so it needs a closer look',
};

export const customerReason = (reason: EscalationReason): string => CUSTOMER_REASON[reason];

/** The customer-visible note of a run for this outcome, from the MSP's templates (src/notes). */
export function customerNoteFor(deps: Pick<EngineDeps, 'config'>, run: Run, outcome: NoteOutcome, values: Record<string, string>, contactName?: string | null): string {
  return customerNote(deps.config.notes, { outcome, remediationId: run.remediationId, clientId: run.clientId, ticketId: run.ticketId, contactName, values }).text;
}
