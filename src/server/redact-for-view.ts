import type { Run } from '../model/run.js';
import { redactLinksDeep } from '../secret-link/redact-links.js';
import type { OutboxItem } from '../store/store.js';

/**
 * What an operator may see of a run and its write-backs: sealed values are left out (their names
 * stay), and any one-time link that slipped into text is withheld. No role reads a usable link.
 */
export function runForView(run: Run): Run {
  const shown = run.acted?.sealed ? { ...run, acted: { ...run.acted, sealed: null } } : run;
  return redactLinksDeep(shown);
}

export function outboxForView(item: OutboxItem): OutboxItem {
  const { sealed, ...payload } = item.payload;
  return redactLinksDeep({ ...item, payload: sealed === undefined ? payload : { ...payload, sealed: '[sealed: delivered only to the PSA]' } });
}
