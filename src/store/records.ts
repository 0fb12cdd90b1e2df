import { z } from 'zod';
import type { Approval, NewOutboxItem, OutboxItem } from './store.js';

/** Validation of approvals and outbox items as every backend writes and reads them back. */
export const ApprovalRecord: z.ZodType<Approval> = z.object({
  id: z.string(),
  runId: z.string(),
  clientId: z.string(),
  remediationId: z.string(),
  ticketId: z.string(),
  planHash: z.string(),
  planSummary: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'denied', 'expired', 'voided']),
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

const JsonObject = z.record(z.string(), z.unknown());

export const OutboxRecord: z.ZodType<OutboxItem> = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  runId: z.string(),
  installationId: z.string(),
  ticketId: z.string(),
  kind: z.enum(['note', 'status', 'time_entry']),
  payload: JsonObject,
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  deliveredAt: z.string().nullable(),
  lastError: z.string().nullable(),
  result: JsonObject.nullable(),
  createdAt: z.string(),
});

// Checked before insert: an item that fails OutboxRecord on read would be stuck in the outbox forever.
export const NewOutboxRecord: z.ZodType<NewOutboxItem> = z.object({
  idempotencyKey: z.string().min(1),
  runId: z.string(),
  installationId: z.string(),
  ticketId: z.string(),
  kind: z.enum(['note', 'status', 'time_entry']),
  payload: JsonObject,
});
