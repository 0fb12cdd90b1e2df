import { z } from 'zod';

/** One append-only, hash-chained record of a loop step or an operator action. */
export const AuditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** received, decided, gate.refused, approval.requested, acted, validated, documented, escalated, kill_switch.set, ... */
  type: z.string(),
  runId: z.string().nullable(),
  ticketId: z.string().nullable(),
  clientId: z.string().nullable(),
  remediationId: z.string().nullable(),
  /** The run's outcome when the event closes a run, else null. */
  outcome: z.string().nullable(),
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'at' | 'prevHash' | 'hash'> & { at?: string };

export const AuditQuery = z.object({
  ticketId: z.string().optional(),
  clientId: z.string().optional(),
  remediationId: z.string().optional(),
  outcome: z.string().optional(),
  runId: z.string().optional(),
  type: z.string().optional(),
  from: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time').optional(),
  to: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time').optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});
export type AuditQuery = z.input<typeof AuditQuery>;
