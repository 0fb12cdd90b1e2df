import { z } from 'zod';
import { Plan } from './plan.js';
import { PsaSystem } from './signal.js';
import { SealedBlob } from '../secret-link/run-sealer.js';

export const RunState = z.enum([
  'received',
  'decided',
  'awaiting_approval',
  'acting',
  'validating',
  'documenting',
  'resolved',
  'escalated',
  'rolled_back',
  'dry_run',
  'duplicate',
]);
export type RunState = z.infer<typeof RunState>;

export const TERMINAL_STATES: readonly RunState[] = ['resolved', 'escalated', 'rolled_back', 'dry_run', 'duplicate'];
export const isTerminal = (s: RunState): boolean => TERMINAL_STATES.includes(s);

/** Why a run went to a person. One value per gate or failure, so reports can group them. */
export const EscalationReason = z.enum([
  'unknown_client',
  'no_match',
  'low_confidence',
  'out_of_scope',
  'remediation_disabled',
  'target_not_in_client',
  'blast_radius',
  'rate_limited',
  'kill_switch',
  'approval_denied',
  'approval_expired',
  'plan_changed',
  'validation_failed',
  'api_error',
  'ticket_unreadable',
  /** The same service on the same device keeps needing a restart: a person must find the cause. */
  'recurring',
]);
export type EscalationReason = z.infer<typeof EscalationReason>;

export const Classification = z.object({
  remediationId: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string()),
  params: z.record(z.string(), z.string()).default({}),
});
export type Classification = z.infer<typeof Classification>;

/**
 * What act handed over to the later steps, kept with the run so any instance can finish it:
 * the ticket the change was made for (write-backs are checked against it), plain output, and
 * secrets sealed under a key from the app's environment (never readable from the store alone).
 */
export const ActedRecord = z.object({
  ticket: z.object({ companyId: z.string(), contactEmail: z.string().nullable() }).nullable(),
  output: z.record(z.string(), z.unknown()),
  /** Names of the sealed values (never the values). */
  secretKeys: z.array(z.string()),
  sealed: SealedBlob.nullable(),
});
export type ActedRecord = z.infer<typeof ActedRecord>;

/** The persisted state machine of one signal's trip through the loop. */
export const Run = z.object({
  id: z.string(),
  signalId: z.string(),
  installationId: z.string(),
  psa: PsaSystem,
  ticketId: z.string(),
  clientId: z.string().nullable(),
  remediationId: z.string().nullable(),
  state: RunState,
  dryRun: z.boolean(),
  classification: Classification.nullable(),
  plan: Plan.nullable(),
  /** The idempotency claim this run holds, if any. */
  claimKey: z.string().nullable(),
  approvalId: z.string().nullable(),
  escalationReason: EscalationReason.nullable(),
  /** Free text for the person who picks it up; never contains secrets. */
  detail: z.string().nullable(),
  /** Set once the outside change is confirmed done: a resumed run never acts twice. */
  actedAt: z.string().nullable(),
  validation: z.object({ ok: z.boolean(), observed: z.record(z.string(), z.unknown()), message: z.string() }).nullable(),
  /** Absent on runs stored before it existed and on runs that never acted. */
  acted: ActedRecord.nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Incremented on every write; stores compare-and-set on it. */
  version: z.number().int(),
});
export type Run = z.infer<typeof Run>;
