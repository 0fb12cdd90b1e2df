import { MATCHERS } from '../../remediations/matchers.js';
import type { MatchResult } from '../remediation/define.js';
import { type Abstention } from './abstain.js';
import { modelView } from './classifier.js';
import { clamp, membershipAction, targetUser } from './extract.js';
import type { LinearModel } from './linear-model.js';
import { SHIPPED_MODEL } from './shipped-model.js';
import { normalise } from './normalise.js';
import { abstentions } from './abstain.js';
import { REMEDIATION_IDS, type NormalisedTicket, type RemediationId, type RemediationMatcher, type TriageResult, type TriageTicket } from './types.js';

/**
 * The default policy acts alone only at or above this confidence. Confidence is calibrated pessimistically (the
 * precision at that score on held-out folds if the vetoes missed 40% of what they caught), so the automated set's
 * precision is well above it; chosen on cross-validated development data for precision first (docs/triage.md).
 */
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
  /** The learned classifier; the shipped weights unless given (null: rules only). */
  model?: LinearModel | null;
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
export function decideRules(cands: readonly Candidate[]): TriageResult {
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

const isCatalogue = (id: string): id is RemediationId => (REMEDIATION_IDS as readonly string[]).includes(id);

/** Params for a remediation the rules did not propose (the learned model did): who, and add or remove. */
function fallbackParams(id: RemediationId, t: NormalisedTicket): Record<string, string> {
  const out: Record<string, string> = {};
  const user = targetUser(t).user;
  if (user && id !== 'service-restart') out.user = user;
  if (id === 'distribution-list' || id === 'security-group') {
    const action = membershipAction(t);
    if (action) out.action = action;
  }
  if (id === 'service-restart') out.action = 'restart';
  return out;
}

// An abstention shows what the rules alone made of the ticket, at confidence 0, with the reasons first.
const abstained = (r: TriageResult, abstain: Abstention[], rules: TriageResult): TriageResult =>
  abstain.length
    ? { remediation: rules.remediation, confidence: 0, params: rules.params, abstain, reasons: [...abstain.map((a) => `abstain (${a.code}): ${a.reason}`), ...r.reasons] }
    : r;

/**
 * The decision: reasons to abstain first (they veto any score), then the learned classifier
 * reads the ticket beside the rules' candidates and its calibrated probability is the
 * confidence. The rules still supply the params. Without `t` (or without a model) it is the
 * rules alone.
 */
export function decide(cands: readonly Candidate[], t?: NormalisedTicket, model: LinearModel | null = SHIPPED_MODEL): TriageResult {
  const rules = decideRules(cands);
  if (!t) return rules;
  if (!model || (rules.remediation && !isCatalogue(rules.remediation))) return abstained(rules, abstentions(t), rules);
  const v = modelView(model, t, cands);
  // Nothing from the rules and little from the model (or the model's likeliest class is none): "not ours", rather than a weak guess.
  if (rules.remediation === null && (v.confidence < MIN_CANDIDATE || v.top === null)) {
    return abstained({ ...rules, reasons: [...rules.reasons, `model: no remediation (closest ${v.best}, p=${v.score.toFixed(2)})`] }, v.abstain, rules);
  }
  const cand = cands.find((c) => c.id === v.best);
  const ruleReasons = rules.remediation === v.best ? rules.reasons
    : [...(cand?.reasons ?? [`the ${v.best} rules did not match`]), rules.remediation ? `ambiguous: the rules preferred ${rules.remediation} at ${rules.confidence}` : 'the rules found nothing'];
  const modelReason = `model: ${v.best} p=${v.score.toFixed(2)}, calibrated ${v.confidence.toFixed(2)}${v.features.length ? `; weighed most: ${v.features.join(', ')}` : ''}`;
  const result: TriageResult = {
    remediation: v.best,
    confidence: clamp(v.confidence),
    params: cand ? { ...cand.params } : fallbackParams(v.best, t),
    reasons: [...ruleReasons, modelReason],
  };
  return abstained(result, v.abstain, rules);
}

/** The deterministic triage: no network, same answer for the same ticket. */
export function triage(ticket: TriageTicket, opts: TriageOptions = {}): TriageResult {
  const t = normalise(ticket);
  return decide(candidates(t, opts.matchers), t, opts.model === undefined ? SHIPPED_MODEL : opts.model);
}

/** Whether the default policy would act without a person. */
export function autoAct(result: Pick<TriageResult, 'remediation' | 'confidence'>, threshold = DEFAULT_THRESHOLD): boolean {
  return result.remediation !== null && result.confidence >= threshold;
}
