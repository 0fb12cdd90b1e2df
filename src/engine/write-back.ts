import type { OutboxKind, NewOutboxItem } from '../store/store.js';
import type { NoteVisibility } from '../model/psa.js';
import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { markerFor } from './notes.js';
import { isShadow } from './gates.js';
import { isShadowTicketId } from './alert-shadow.js';
import { audit } from './transition.js';
import { AFTER_KEY, GUARD_KEY, noteSealContext, type TicketGuard } from '../outbox/payload.js';
import { redactLinks, redactLinksDeep } from '../secret-link/redact-links.js';

export interface WriteBack {
  /** What the write-backs are for (resolution, escalation, approval-<id>, duplicate). */
  purpose: string;
  /** `secret`: the text carries a one-time link; it is sealed in the outbox and never shown. */
  note?: { text: string; visibility: NoteVisibility; secret?: boolean };
  /**
   * The note for the ticket's contact: it carries no marker (it is written for a person), so after
   * an ambiguous failure the outbox finds it by its own text. Delivered before the status too.
   */
  customerNote?: { text: string; visibility: Exclude<NoteVisibility, 'internal'>; secret?: boolean };
  /** The contact a secret-carrying note is for: the ticket must still be theirs when it is delivered. */
  addressedTo?: string | null;
  status?: string;
  timeEntry?: { minutes: number; notes: string };
}

/**
 * Queues a run's PSA write-backs in the durable outbox. Keys are per run and purpose, so a
 * resumed run that queues them again changes nothing: each lands exactly once.
 */
export async function queueWriteBacks(deps: EngineDeps, run: Run, wb: WriteBack): Promise<void> {
  const base = { runId: run.id, installationId: run.installationId, ticketId: run.ticketId };
  const items: NewOutboxItem[] = [];
  const guard = ticketGuard(deps, run, wb);
  const keyOf = (kind: OutboxKind) => `${run.id}:${wb.purpose}:${kind}`;
  const add = (kind: OutboxKind, payload: Record<string, unknown>) => items.push({ ...base, idempotencyKey: keyOf(kind), kind, payload: guard ? { ...payload, [GUARD_KEY]: guard } : payload });
  if (wb.note) add('note', notePayload(deps, run, wb.note, markerFor(run.id, wb.purpose), keyOf('note')));
  const customerKey = `${run.id}:${wb.purpose}-customer:note`;
  if (wb.customerNote) items.push({ ...base, idempotencyKey: customerKey, kind: 'note', payload: { ...customerPayload(deps, run, wb.customerNote, customerKey), ...(guard ? { [GUARD_KEY]: guard } : {}) } });
  if (wb.timeEntry) {
    const marker = markerFor(run.id, `${wb.purpose}-time`);
    add('time_entry', { minutes: wb.timeEntry.minutes, notes: `${wb.timeEntry.notes} ${marker}`, marker, start: run.createdAt });
  }
  // Last: a ticket is never Resolved (and no PSA workflow mails the customer) before its note exists.
  const notes = [...(wb.note ? [keyOf('note')] : []), ...(wb.customerNote ? [customerKey] : [])];
  if (wb.status) add('status', { statusName: wb.status, ...(notes.length === 1 ? { [AFTER_KEY]: notes[0] } : notes.length > 1 ? { [AFTER_KEY]: notes } : {}) });
  if (items.length === 0) return;
  // A shadow alert run's ticket exists nowhere but the store, even if shadow was switched off since.
  if (isShadow(deps.config, run.clientId, run.remediationId) || isShadowTicketId(run.ticketId)) {
    // Shadow mode changes nothing anywhere: what would have been written is kept in the audit only.
    await audit(deps, run, { type: 'shadow.write_back_skipped', data: { shadow: true, purpose: wb.purpose, wouldWrite: items.map((i) => ({ kind: i.kind, payload: redactLinksDeep(i.payload) })) } });
    return;
  }
  await deps.store.enqueueOutbox(items);
  deps.onOutboxEnqueued?.();
}

/** A secret-carrying note is sealed for its outbox item; everything else stays plain text. */
function notePayload(deps: EngineDeps, run: Run, note: NonNullable<WriteBack['note']>, marker: string, key: string): Record<string, unknown> {
  if (!note.secret) return { text: note.text, visibility: note.visibility, marker };
  if (!deps.sealer) throw new Error('a note carrying a one-time link cannot be queued: no sealing key is configured');
  return { visibility: note.visibility, marker, sealed: deps.sealer.seal(noteSealContext(key, run.ticketId), { text: note.text }), preview: redactLinks(note.text) };
}

/** The customer's note: no marker in its text; `findBy: 'text'` tells the outbox to look for the text itself. */
function customerPayload(deps: EngineDeps, run: Run, note: NonNullable<WriteBack['customerNote']>, key: string): Record<string, unknown> {
  const { marker: _none, ...payload } = notePayload(deps, run, note, '', key);
  return { ...payload, findBy: 'text' };
}

/** The run's client's companies on this installation (from config), narrowed to what act saw. */
function ticketGuard(deps: EngineDeps, run: Run, wb: WriteBack): TicketGuard | null {
  const client = deps.config.clients.find((c) => c.id === run.clientId);
  const companyIds = client?.psa.filter((m) => m.installationId === run.installationId).flatMap((m) => m.companyIds) ?? [];
  if (companyIds.length === 0) return null;
  const companyId = run.acted?.ticket?.companyId;
  return {
    companyIds,
    ...(companyId ? { companyId } : {}),
    ...(wb.addressedTo ? { contactEmail: wb.addressedTo } : {}),
  };
}
