export { normalise, cleanBody } from './normalise.js';
export { triage, autoAct, candidates, decide, DEFAULT_THRESHOLD, type Candidate, type TriageOptions } from './triage.js';
export { triageWithModel, ModelSuggestion, MODEL_ONLY_CAP, type TriageModelHook } from './model-hook.js';
export { REMEDIATION_IDS, type RemediationId, type RemediationMatcher, type NormalisedTicket, type TriageResult, type TriageTicket } from './types.js';
