import { MATCHERS } from '../../remediations/matchers.js';
import type { MatchResult } from '../remediation/define.js';
import { clamp } from './extract.js';
import { normalise } from './normalise.js';
import type { NormalisedTicket, RemediationId, RemediationMatcher, TriageResult, TriageTicket } from './types.js';

/** The default policy acts alone only at or above this confidence. */
export const DEFAULT_THRESHOLD = 0.8;
/** Below this the best candidate is reported in the reasons but no remediation is chosen. */
export const MIN_CANDIDATE = 0.3;
/** A second candidate at least this confident makes the ticket ambiguous. */
export const AMBIGUOUS_AT = 0.45;

export interface Candidate extends MatchResult {
  id: RemediationId;
}

export interface TriageOptions {
  matchers?: readonly RemediationMatcher[];
}

/** Every matcher's opinion, strongest first (ties keep the list order). */
export function candidates(t: NormalisedTicket, matchers: readonly RemediationMatcher[] = MATCHERS): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matchers) {
    const r = m.match(t);
    if (r) out.push({ ...r, id: m.id, confidence: clamp(r.confidence) });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

/**
 * Picks the strongest candidate; a runner-up lowers its confidence in proportion to how close
 * it is (two plausible remediations means the ticket is not clear enough to act on alone).
 */
export function decide(cands: readonly Candidate[]): TriageResult {
  const [best, second] = cands;
  if (!best || best.confidence < MIN_CANDIDATE) {
    const reasons = ['no remediation matched the ticket'];
    if (best) reasons.push(`closest: ${best.id} at ${best.confidence} (${best.reasons.join('; ')})`);
    return { remediation: null, confidence: 0, params: best?.params.action === 'remove' ? { action: 'remove' } : {}, reasons };
  }
  let confidence = best.confidence;
  const reasons = [...best.reasons];
  if (second && second.confidence >= AMBIGUOUS_AT) {
    const penalty = 0.35 * (second.confidence / best.confidence);
    confidence -= penalty;
    reasons.push(`ambiguous: ${second.id} also matches at ${second.confidence} (-${penalty.toFixed(2)})`);
  }
  return { remediation: best.id, confidence: clamp(confidence), params: { ...best.params }, reasons };
}

/** The deterministic rules-only triage: no network, same answer for the same ticket. */
export function triage(ticket: TriageTicket, opts: TriageOptions = {}): TriageResult {
  return decide(candidates(normalise(ticket), opts.matchers));
}

/** Whether the default policy would act without a person. */
export function autoAct(result: Pick<TriageResult, 'remediation' | 'confidence'>, threshold = DEFAULT_THRESHOLD): boolean {
  return result.remediation !== null && result.confidence >= threshold;
}
