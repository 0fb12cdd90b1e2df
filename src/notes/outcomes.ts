/** What happened to the ticket, each with its own customer-visible note template. */
export const NOTE_OUTCOMES = ['resolved', 'escalated', 'awaiting_approval'] as const;
export type NoteOutcome = (typeof NOTE_OUTCOMES)[number];

/** Every customer-visible template may use these (the MSP's settings and the ticket's contact). */
export const COMMON_VARIABLES = ['mspName', 'signOff', 'contactName', 'ticketId'] as const;

/** Per outcome, what any template may use besides the common ones; remediation templates add the remediation's own. */
export const OUTCOME_VARIABLES: Record<NoteOutcome, readonly string[]> = {
  resolved: ['problem', 'action', 'nextStep'],
  escalated: ['reason'],
  awaiting_approval: ['request'],
};

/** The variables a template of this outcome may use, for one remediation (its declared note variables) or `default`. */
export function allowedVariables(outcome: NoteOutcome, remediationVariables: readonly string[] = []): Set<string> {
  return new Set([...COMMON_VARIABLES, ...OUTCOME_VARIABLES[outcome], ...(outcome === 'resolved' ? remediationVariables : [])]);
}
