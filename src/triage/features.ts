import type { Candidate } from './triage.js';
import { REMEDIATION_IDS, type NormalisedTicket } from './types.js';

/** A sparse feature vector: feature name to value. */
export type Features = Map<string, number>;

const WORD = /[a-z0-9][a-z0-9+#'-]*/g;
// Addresses and hostnames say who or where, not what is asked: one token each, so the model
// learns "an address is named" / "a device is named" instead of memorising people.
const ADDRESS = /[a-z0-9._%+-]+@([a-z0-9.-]+\.[a-z]{2,})/g;
const HOST = /\b[a-z]{2,}[a-z0-9]*-[a-z0-9-]*\d[a-z0-9-]*\b/g;

function words(text: string): string[] {
  return (text.replace(ADDRESS, ' _addr_ ').replace(HOST, ' _host_ ').match(WORD) ?? []).map((w) => w.replace(/^'+|'+$/g, ''));
}

/** Adds L2-normalised binary features (so a long ticket does not outweigh a short one). */
function addNormalised(out: Features, keys: Iterable<string>): void {
  const set = new Set(keys);
  const v = set.size ? 1 / Math.sqrt(set.size) : 0;
  for (const k of set) out.set(k, v);
}

/**
 * The classifier's view of a ticket: word uni- and bigrams of the whole cleaned text, the
 * summary's words on their own (a title says what is asked), character 4-grams inside words
 * (other languages, typos, inflections), a few shape flags, and the rules' own confidences.
 */
export function featurise(t: NormalisedTicket, rules: readonly Pick<Candidate, 'id' | 'confidence'>[]): Features {
  const out: Features = new Map();
  const [summary = '', ...rest] = t.text.split('\n');
  const ws = words(t.text);
  const grams: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    grams.push(`w:${ws[i]}`);
    if (i + 1 < ws.length) grams.push(`b:${ws[i]} ${ws[i + 1]}`);
  }
  addNormalised(out, grams);
  addNormalised(out, words(summary).map((w) => `s:${w}`));
  const chars: string[] = [];
  for (const w of ws) {
    if (w.startsWith('_')) continue;
    const p = ` ${w} `;
    for (let i = 0; i + 4 <= p.length; i++) chars.push(`c:${p.slice(i, i + 4)}`);
  }
  addNormalised(out, chars);
  out.set('f:bias-body', rest.join(' ').trim() ? 1 : 0);
  out.set('f:contact', t.contactEmail ? 1 : 0);
  out.set('f:rmm', t.source === 'rmm' ? 1 : 0);
  out.set('f:address', Math.min(2, t.emails.length) / 2);
  const contactDomain = t.contactEmail?.split('@')[1];
  if (contactDomain && t.emails.some((e) => e.split('@')[1] !== contactDomain)) out.set('f:other-domain', 1);
  for (const id of REMEDIATION_IDS) {
    const c = rules.find((r) => r.id === id);
    if (c) out.set(`r:${id}`, c.confidence);
  }
  if (rules[0]) out.set(`r1:${rules[0].id}`, 1);
  for (const [k, v] of [...out]) if (v === 0) out.delete(k);
  return out;
}
