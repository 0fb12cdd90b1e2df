import type { OutboxKind, NewOutboxItem } from '../store/store.js';
import type { NoteVisibility } from '../model/psa.js';
import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';
import { markerFor } from './notes.js';
import { isShadow } from './gates.js';
import { isShadowTicketId } from './alert-shadow.js';
import { audit } from './transition.js';

export interface WriteBack {
  /** What the write-backs are for (resolution, escalation, approval-<id>, duplicate). */
  purpose: string;
  note?: { text: string; visibility: NoteVisibility };
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
  const add = (kind: OutboxKind, payload: Record<string, unknown>) => items.push({ ...base, idempotencyKey: `${run.id}:${wb.purpose}:${kind}`, kind, payload });
  if (wb.note) add('note', { ...wb.note, marker: markerFor(run.id, wb.purpose) });
  if (wb.status) add('status', { statusName: wb.status });
  if (wb.timeEntry) {
    const marker = markerFor(run.id, `${wb.purpose}-time`);
    add('time_entry', { minutes: wb.timeEntry.minutes, notes: `${wb.timeEntry.notes} ${marker}`, marker, start: run.createdAt });
  }
  if (items.length === 0) return;
  // A shadow alert run's ticket exists nowhere but the store, even if shadow was switched off since.
  if (isShadow(deps.config, run.clientId, run.remediationId) || isShadowTicketId(run.ticketId)) {
    // Shadow mode changes nothing anywhere: what would have been written is kept in the audit only.
    await audit(deps, run, { type: 'shadow.write_back_skipped', data: { shadow: true, purpose: wb.purpose, wouldWrite: items.map((i) => ({ kind: i.kind, payload: i.payload })) } });
    return;
  }
  await deps.store.enqueueOutbox(items);
  deps.onOutboxEnqueued?.();
}
