import type { PsaAdapter } from '../model/psa.js';
import type { OutboxItem } from '../store/store.js';

/**
 * Performs one write-back. After an earlier attempt (failed, or whose worker died: either may
 * have landed) notes and time entries are looked up by their marker first, so each lands once.
 * `attempts` counts this attempt too.
 */
export async function deliverItem(psa: PsaAdapter, item: OutboxItem): Promise<Record<string, unknown>> {
  const p = item.payload;
  const str = (k: string) => String(p[k] ?? '');
  switch (item.kind) {
    case 'note': {
      if (item.attempts > 1) {
        const found = await psa.findNote(item.ticketId, str('marker'));
        if (found) return { id: found.id, foundAfterRetry: true };
      }
      const visibility = str('visibility') as 'internal' | 'customer' | 'resolution';
      return psa.addNote(item.ticketId, { text: str('text'), visibility, marker: str('marker') });
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
