import { z } from 'zod';
import { clamp } from './extract.js';
import { normalise } from './normalise.js';
import { AMBIGUOUS_AT, candidates, decide, type Candidate, type TriageOptions } from './triage.js';
import { REMEDIATION_IDS, type NormalisedTicket, type TriageResult, type TriageTicket } from './types.js';

/** What a model may answer; anything else is ignored (the rules' answer stands). */
export const ModelSuggestion = z.object({
  remediation: z.enum(REMEDIATION_IDS).nullable(),
  confidence: z.number().min(0).max(1),
  params: z.record(z.string(), z.string()).default({}),
  reasons: z.array(z.string()).default([]),
});
export type ModelSuggestion = z.infer<typeof ModelSuggestion>;

/**
 * An optional second opinion (a local or hosted model). Off by default; nothing in this
 * repository implements it with a network call. It sees the normalised ticket and the rules'
 * candidates, and its answer goes through the same gate as the rules' answer.
 */
export interface TriageModelHook {
  readonly name: string;
  suggest(ticket: NormalisedTicket, rules: readonly Candidate[]): Promise<unknown> | unknown;
}

/** A model alone (the rules found nothing) never reaches the default threshold. */
export const MODEL_ONLY_CAP = 0.7;

/**
 * Rules first, then the hook: agreement can raise confidence a little (never above the
 * rules' answer + 0.05), disagreement is an ambiguity like any other, and a suggestion the
 * rules do not support is capped below the default threshold. Params always come from the
 * rules when they have them. A failing or malformed hook leaves the rules' answer.
 */
export async function triageWithModel(ticket: TriageTicket, hook: TriageModelHook | undefined, opts: TriageOptions = {}): Promise<TriageResult> {
  const t = normalise(ticket);
  const cands = candidates(t, opts.matchers);
  const rules = decide(cands, t);
  if (!hook) return rules;
  let parsed: ModelSuggestion;
  try {
    const s = ModelSuggestion.safeParse(await hook.suggest(t, cands));
    if (!s.success) return { ...rules, reasons: [...rules.reasons, `model ${hook.name}: malformed answer ignored`] };
    parsed = s.data;
  } catch {
    return { ...rules, reasons: [...rules.reasons, `model ${hook.name}: failed, rules only`] };
  }
  const tag = `model ${hook.name}: ${parsed.remediation ?? 'none'} at ${parsed.confidence}`;
  if (parsed.remediation === rules.remediation) {
    const confidence = rules.remediation ? clamp(Math.min(Math.max(rules.confidence, (rules.confidence + parsed.confidence) / 2), rules.confidence + 0.05)) : 0;
    return { ...rules, confidence, reasons: [...rules.reasons, `${tag} (agrees)`] };
  }
  const ruleCand = cands.find((c) => c.id === parsed.remediation);
  if (!ruleCand) {
    if (rules.remediation === null) {
      return { remediation: parsed.remediation, confidence: clamp(Math.min(parsed.confidence, MODEL_ONLY_CAP)), params: parsed.params, reasons: [...rules.reasons, `${tag} (rules found nothing; capped at ${MODEL_ONLY_CAP})`] };
    }
    if (parsed.remediation === null || parsed.confidence < AMBIGUOUS_AT) return { ...rules, reasons: [...rules.reasons, `${tag} (disagrees)`] };
  }
  // Disagreement: the model's pick joins the candidates at no more than the rules gave it.
  const others = cands.filter((c) => c.id !== parsed.remediation);
  const modelCand: Candidate = ruleCand ? { ...ruleCand, confidence: Math.max(ruleCand.confidence, Math.min(parsed.confidence, ruleCand.confidence + 0.05)) } : { id: parsed.remediation!, confidence: Math.min(parsed.confidence, MODEL_ONLY_CAP), params: parsed.params, reasons: parsed.reasons };
  const merged = decide([...others, modelCand].sort((a, b) => b.confidence - a.confidence));
  return { ...merged, reasons: [...merged.reasons, `${tag} (disagrees with the rules)`] };
}
