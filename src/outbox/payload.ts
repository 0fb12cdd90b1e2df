import { z } from 'zod';
import { SealedBlob } from '../secret-link/run-sealer.js';

/**
 * What an outbox item must find on its ticket before it is delivered: the ticket's company is
 * one of the run's client's companies (and the one the change was made for, when known), and,
 * for a note addressed to a person, the ticket's contact is still that person.
 */
export const TicketGuard = z.object({
  companyIds: z.array(z.string()).min(1),
  companyId: z.string().optional(),
  contactEmail: z.string().optional(),
});
export type TicketGuard = z.infer<typeof TicketGuard>;

/** A note that carries a secret: only the sealed blob has its text; `preview` has the link withheld. */
export const SealedNote = z.object({ sealed: SealedBlob, preview: z.string() });

/** Bound into the sealed note: it opens for this outbox item on this ticket only. */
export const noteSealContext = (idempotencyKey: string, ticketId: string): string => `outbox:${idempotencyKey}:${ticketId}`;

/** A status waits until the note with this idempotency key has landed (the status goes last). */
export const AFTER_KEY = 'after';
export const GUARD_KEY = 'guard';
