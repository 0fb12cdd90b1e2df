import type { PsaAdapter } from '../model/psa.js';
import type { Sealer } from '../secret-link/run-sealer.js';
import type { OutboxItem } from '../store/store.js';
import { noteSealContext, SealedNote } from './payload.js';

/** A write-back that cannot be delivered by any retry of this instance (e.g. a sealed note it cannot open). */
export class UndeliverableError extends Error {}

/** The note's text: plain, or opened from its seal (never from the preview, which has the link withheld). */
function noteText(item: OutboxItem, sealer: Sealer | undefined): string {
  const p = item.payload;
  if (p.sealed === undefined) return String(p.text ?? '');
  const sealed = SealedNote.safeParse(p);
  const opened = sealed.success ? (sealer?.open(noteSealContext(item.idempotencyKey, item.ticketId), sealed.data.sealed) ?? null) : null;
  if (!opened?.text) throw new UndeliverableError('the sealed note cannot be opened with this instance\'s key (is the link secret the same on every instance?)');
  return opened.text;
}

/**
 * Performs one write-back. After an earlier attempt (failed, or whose worker died: either may
 * have landed) notes and time entries are looked up by their marker first, so each lands once.
 * `attempts` counts this attempt too.
 */
export async function deliverItem(psa: PsaAdapter, item: OutboxItem, sealer?: Sealer): Promise<Record<string, unknown>> {
  const p = item.payload;
  const str = (k: string) => String(p[k] ?? '');
  switch (item.kind) {
    case 'note': {
      const text = noteText(item, sealer);
      // A customer's note carries no marker: its whole text is what identifies it.
      const marker = p.findBy === 'text' ? text : str('marker');
      if (item.attempts > 1) {
        const found = await psa.findNote(item.ticketId, marker);
        if (found) return { id: found.id, foundAfterRetry: true };
      }
      const visibility = str('visibility') as 'internal' | 'customer' | 'resolution';
      const result = await psa.addNote(item.ticketId, { text, visibility, marker });
      return { id: result.id };
    }
    case 'status':
      await psa.setStatus(item.ticketId, str('statusName'));
      return { statusName: str('statusName') };
    case 'time_entry': {
      if (item.attempts > 1) {
        const found = await psa.findTimeEntry(item.ticketId, str('marker'));
        if (found) return { id: found.id, foundAfterRetry: true };
      }
      return psa.addTimeEntry(item.ticketId, { minutes: Number(p.minutes), notes: str('notes'), start: str('start'), marker: str('marker') });
    }
  }
}
