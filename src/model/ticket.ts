import { z } from 'zod';
import { PsaSystem } from './signal.js';

/** A PSA ticket as read back from the PSA API (never from the webhook body). */
export const Ticket = z.object({
  psa: PsaSystem,
  id: z.string().min(1),
  summary: z.string(),
  description: z.string().default(''),
  /** The PSA's own company id: the only thing that chooses the client (through config). */
  companyId: z.string().min(1),
  companyName: z.string().optional(),
  contactEmail: z.string().optional(),
  contactName: z.string().optional(),
  statusName: z.string().optional(),
  boardId: z.string().optional(),
  closed: z.boolean().default(false),
  updatedAt: z.string().optional(),
});
export type Ticket = z.infer<typeof Ticket>;
