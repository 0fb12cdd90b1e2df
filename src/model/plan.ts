import { z } from 'zod';

/** One outside call the engine will make, recorded exactly (dry-run shows this). No secrets. */
export const PlannedCall = z.object({
  system: z.string(),
  method: z.string(),
  url: z.string(),
  /** A short human description: "Set-Mailbox ProhibitSendQuota 60GB". */
  summary: z.string(),
  body: z.unknown().optional(),
});
export type PlannedCall = z.infer<typeof PlannedCall>;

export const Target = z.object({ type: z.string(), id: z.string() });
export type Target = z.infer<typeof Target>;

export const RiskClass = z.enum(['low', 'medium', 'security', 'billing']);
export type RiskClass = z.infer<typeof RiskClass>;

/**
 * The exact change a run intends: remediation, client, targets, calls and expected result.
 * Approvals bind to `hash`; a re-plan that differs voids them.
 */
export const Plan = z.object({
  remediationId: z.string(),
  remediationVersion: z.string(),
  clientId: z.string(),
  /** What is wrong, stable across repeated alerts (used in the idempotency key). */
  problem: z.string(),
  targets: z.array(Target).min(1),
  calls: z.array(PlannedCall).min(1),
  /** The state found before acting: what rollback restores. */
  prior: z.record(z.string(), z.unknown()),
  /** The state validation must find after acting. */
  expected: z.record(z.string(), z.unknown()),
  /** Remediation-specific inputs for act/validate/rollback (validated by its input schema). */
  input: z.record(z.string(), z.unknown()),
  /** Why this plan needs a person, if it does (beyond blast radius and risk class). */
  approvalReason: z.string().optional(),
  summary: z.string(),
  hash: z.string(),
});
export type Plan = z.infer<typeof Plan>;
