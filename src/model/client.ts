import { z } from 'zod';

/** A remediation's per-client policy; every field has a safe default. */
export const RemediationPolicy = z.object({
  enabled: z.boolean().default(true),
  dryRun: z.boolean().default(false),
  /** Shadow mode: dry-run on live tickets with no PSA write-back either; only the store records it. */
  shadow: z.boolean().default(false),
  /** Minimum classifier confidence to act without a person (calibrated: the triage's DEFAULT_THRESHOLD, docs/triage.md). */
  confidenceThreshold: z.number().min(0).max(1).default(0.8),
  /** Max targets one execution may touch; over it means approval (or refusal). */
  maxTargets: z.number().int().min(1).default(1),
  overMaxTargets: z.enum(['approval', 'refuse']).default('approval'),
  /** Executions per window for this remediation and client. */
  rateLimit: z.object({ max: z.number().int().min(1), windowSeconds: z.number().int().min(1) }).default({ max: 10, windowSeconds: 3600 }),
  rollbackOnValidationFailure: z.boolean().default(true),
  /** After a success, the same problem on the same target is a duplicate for this long. */
  cooldownSeconds: z.number().int().min(0).default(3600),
  /** Remediation-specific settings (validated by the remediation's own schema). */
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type RemediationPolicy = z.infer<typeof RemediationPolicy>;
export type RemediationPolicyInput = z.input<typeof RemediationPolicy>;

/**
 * The trusted RMM mapping: a device whose organisation (re-read from the RMM API) is listed here
 * belongs to this client. Alert tickets go to `psaInstallationId` (default: the client's first PSA
 * mapping) on its first company, on `boardId` when given (else the PSA's default board/queue).
 */
export const RmmMapping = z.object({
  installationId: z.string().min(1),
  organisationIds: z.array(z.string().min(1)).min(1),
  psaInstallationId: z.string().min(1).optional(),
  boardId: z.string().min(1).optional(),
});
export type RmmMapping = z.infer<typeof RmmMapping>;

/** Where the ticket for an alert from a device that maps to no client goes (e.g. the MSP's own company), so the escalation is written somewhere. */
export const UnmappedDeviceTickets = z.object({ psaInstallationId: z.string().min(1), companyId: z.string().min(1), boardId: z.string().min(1).optional() });
export type UnmappedDeviceTickets = z.infer<typeof UnmappedDeviceTickets>;

export const PsaMapping = z.object({ installationId: z.string().min(1), companyIds: z.array(z.string().min(1)).min(1) });
export type PsaMapping = z.infer<typeof PsaMapping>;

/**
 * One MSP customer. The PSA company id maps here (in config) and from here to exactly one
 * M365 tenant and one RMM organisation: ticket text can never choose these.
 */
export const Client = z.object({
  id: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  name: z.string().min(1),
  /**
   * Which PSA installation(s) and which of their company ids belong to this client: usually one
   * PSA; a list when the same customer is served from several (the sandbox, a PSA migration).
   */
  psa: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(PsaMapping).min(1)),
  m365: z
    .object({
      tenantId: z.string().min(1),
      /** Verified domains: a user named in a ticket must be in one of these. */
      domains: z.array(z.string().min(1)).min(1),
    })
    .optional(),
  /**
   * Which RMM installation(s) and which of their organisations (Tactical client, Ninja
   * organisation, Datto site) are this client's devices: usually one RMM; a list when several.
   */
  rmm: z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(RmmMapping).min(1)).optional(),
  dryRun: z.boolean().default(false),
  /** Shadow mode for every remediation of this client (see RemediationPolicy.shadow). */
  shadow: z.boolean().default(false),
  remediations: z.record(z.string(), RemediationPolicy.partial()).default({}),
});
export type Client = z.infer<typeof Client>;
