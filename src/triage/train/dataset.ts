import { readFileSync } from 'node:fs';
import { CORPUS } from '../../../test/triage-corpus.js';
import { LabelledTickets, type LabelledTicket } from '../evaluate.js';

const DEV_FILES = ['independent-dev.json', 'independent-dev-2.json'];

/** The development data: the blind-written development sets (both files), and the old in-sample corpus. */
export function developmentData(
  devPaths = DEV_FILES.map((f) => new URL(`../../../test/triage-data/${f}`, import.meta.url)),
): { dev: LabelledTicket[]; old: LabelledTicket[] } {
  const dev = devPaths.flatMap((p) => LabelledTickets.parse(JSON.parse(readFileSync(p, 'utf8'))));
  const old = CORPUS.map((c, i) => ({ ...c, id: `old-${String(i).padStart(3, '0')}`, description: c.description ?? '' }));
  return { dev, old };
}

/** Five folds, stratified by label and hardness, assigned round-robin in id order: the same every run. */
export function folds(tickets: readonly LabelledTicket[], k = 5): number[] {
  const strata = new Map<string, number[]>();
  tickets.forEach((t, i) => {
    const key = `${t.label}|${t.hard ? 1 : 0}`;
    strata.set(key, [...(strata.get(key) ?? []), i]);
  });
  const fold = new Array<number>(tickets.length).fill(0);
  let offset = 0;
  for (const key of [...strata.keys()].sort()) {
    const idx = strata.get(key)!.sort((a, b) => (tickets[a]!.id ?? '').localeCompare(tickets[b]!.id ?? ''));
    idx.forEach((i, j) => (fold[i] = (j + offset) % k));
    offset += idx.length;
  }
  return fold;
}
