import { abstentions, type Abstention } from './abstain.js';
import { featurise } from './features.js';
import { calibrate, probabilities, topFeatures, type LinearModel } from './linear-model.js';
import type { Candidate } from './triage.js';
import { REMEDIATION_IDS, type NormalisedTicket, type RemediationId } from './types.js';

/** What the learned classifier makes of a ticket, before the policy threshold. */
export interface ModelView {
  /** The most likely class, 'none' included. */
  top: RemediationId | null;
  /** The most likely remediation (the one the confidence is about). */
  best: RemediationId;
  /** The model's probability for `best`: the raw score calibration maps to a precision. */
  score: number;
  /** Calibrated: the precision observed at this score on held-out folds. */
  confidence: number;
  /** The features that weighed most for `best` (its reasons). */
  features: string[];
  abstain: Abstention[];
}

const pretty = (f: string): string => {
  const [kind, ...rest] = f.split(':');
  const v = rest.join(':');
  if (kind === 'w' || kind === 'b') return `"${v}"`;
  if (kind === 's') return `"${v}" in the title`;
  if (kind === 'c') return `"${v.trim()}…"`;
  if (kind === 'r') return `the ${v} rules`;
  if (kind === 'r1') return `the rules' first choice ${v}`;
  return v;
};

/** Runs the classifier on a ticket and the rules' candidates (the rules' confidences are features too). */
export function modelView(m: LinearModel, t: NormalisedTicket, rules: readonly Pick<Candidate, 'id' | 'confidence'>[]): ModelView {
  const x = featurise(t, rules);
  const p = probabilities(m, x);
  const idx = (id: string) => m.classes.indexOf(id);
  let best: RemediationId = REMEDIATION_IDS[0];
  for (const id of REMEDIATION_IDS) if ((p[idx(id)] ?? 0) > (p[idx(best)] ?? 0)) best = id;
  const none = idx('none');
  const top = (p[none] ?? 0) > (p[idx(best)] ?? 0) ? null : best;
  // Reasons: what separates the pick from its strongest rival.
  let rival = none;
  for (let c = 0; c < p.length; c++) if (c !== idx(best) && p[c]! > (rival === idx(best) ? -1 : p[rival]!)) rival = c;
  const score = p[idx(best)] ?? 0;
  return {
    top,
    best,
    score,
    confidence: calibrate(m, score),
    features: topFeatures(m, x, idx(best), rival).map((f) => pretty(f.feature)),
    abstain: abstentions(t),
  };
}
