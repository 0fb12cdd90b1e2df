import { OutsideApiError } from '../http/outside-api-error.js';
import type { TicketNoteRead } from '../model/psa.js';
import type { Run } from '../model/run.js';
import type { Signal } from '../model/signal.js';
import type { EngineDeps } from './deps.js';
import { installationStatuses } from './escalate.js';
import { reopenNote } from './reopen-note.js';
import { recordReopening } from './remediation-breaker.js';
import { audit } from './transition.js';
import { queueWriteBacks } from './write-back.js';

const DAY_MS = 24 * 3600_000;
/** Every note this app writes carries a marker like this one (src/engine/notes.ts markerFor). */
const OUR_MARKER = /\[ticketfix:[^\]\s]+\]/;

export type ReopenCheck = { reopened: false; why: string } | { reopened: true; runId: string; replyNoteId: string };

/**
 * A change on a ticket whose latest run resolved it within the reopen window: if the requester
 * replied after the resolution (a customer-visible note by the contact, not one of ours), the
 * ticket goes back to a technician with the run's evidence, the run's outcome becomes
 * `reopened` (audited, once) and the remediation's circuit breaker counts a failure. The loop
 * never runs the remediation on this ticket again (one run per ticket, see decide-step).
 */
export async function reopenOnReply(deps: EngineDeps, signal: Signal): Promise<ReopenCheck> {
  if (signal.kind !== 'ticket' || !signal.ticketId || deps.config.reopenWindowDays <= 0) return { reopened: false, why: 'not applicable' };
  const run = await latestRun(deps, signal.installationId, signal.ticketId);
  if (!run || run.state !== 'resolved' || run.dryRun || !run.remediationId || !run.clientId) return { reopened: false, why: 'latest run did not resolve the ticket' };
  const resolvedAt = Date.parse(run.updatedAt);
  if (deps.clock().getTime() - resolvedAt > deps.config.reopenWindowDays * DAY_MS) return { reopened: false, why: 'outside the reopen window' };
  if (await deps.store.getKv(reopenKey(run.id))) return { reopened: false, why: 'already reopened' };

  let reply: TicketNoteRead | undefined;
  try {
    // PSA note stamps may have whole seconds only: read from the start of the resolution's second.
    const since = new Date(Math.floor(resolvedAt / 1000) * 1000).toISOString();
    reply = (await deps.psa(run.installationId).listNotesSince(run.ticketId, since)).find(isRequesterReply);
  } catch (err) {
    if (!(err instanceof OutsideApiError)) throw err;
    // The next change on the ticket (or the reconcile job) checks again; the run itself is not affected.
    deps.log.warn({ runId: run.id, ticketId: run.ticketId, err: err.message }, 'could not read the ticket notes for a reply; will check on the next change');
    return { reopened: false, why: 'notes unreadable' };
  }
  if (!reply) return { reopened: false, why: 'no reply from the requester' };

  const now = deps.clock();
  // Atomic across instances: two callbacks for the same reply reopen once.
  const claim = await deps.store.claim(reopenKey(run.id), run.id, new Date(now.getTime() + 365 * DAY_MS).toISOString(), now.toISOString());
  if (!claim.ok) return { reopened: false, why: 'already reopened' };
  await queueWriteBacks(deps, run, {
    purpose: 'reopen',
    note: { text: reopenNote(run, reply.createdAt, deps.config.publicUrl), visibility: 'internal' },
    status: installationStatuses(deps, run.installationId).escalated,
  });
  await audit(deps, run, { type: 'run.reopened', outcome: 'reopened', actor: signal.source, data: { replyNoteId: reply.id, replyAt: reply.createdAt, resolvedAt: run.updatedAt, signalId: signal.id } });
  await deps.store.setKv(reopenKey(run.id), { at: now.toISOString(), replyNoteId: reply.id });
  await recordReopening(deps, run.clientId, run.remediationId);
  deps.log.info({ runId: run.id, ticketId: run.ticketId, remediationId: run.remediationId }, 'requester replied after resolution: ticket reopened for a technician');
  return { reopened: true, runId: run.id, replyNoteId: reply.id };
}

export const reopenKey = (runId: string): string => `reopen:${runId}`;

/** A note the requester can see, written by the ticket's contact, that is not one of ours. */
const isRequesterReply = (n: TicketNoteRead): boolean => n.author === 'contact' && n.customerVisible && !OUR_MARKER.test(n.text);

/** The ticket's latest real run on this installation (later callbacks only add `duplicate` runs). */
async function latestRun(deps: EngineDeps, installationId: string, ticketId: string): Promise<Run | undefined> {
  const runs = (await deps.store.listRuns({ ticketId })).filter((r) => r.installationId === installationId && r.state !== 'duplicate');
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}
