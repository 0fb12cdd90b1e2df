import { z } from 'zod';

/** Per-client settings (config: clients[].remediations.password-reset.settings). */
export const PasswordResetSettings = z.object({
  /** Contacts who may ask for someone else's reset (e.g. the client's office manager). */
  authorisedRequesters: z.array(z.string().email().transform((e) => e.toLowerCase())).default([]),
  /** How long the one-time link to the temporary password stays valid. */
  linkTtlHours: z.number().positive().max(72).default(24),
});
export type PasswordResetSettings = z.infer<typeof PasswordResetSettings>;

/** What act/validate need; never a password (it is generated inside act and never kept). */
export const PasswordResetInput = z.object({
  userId: z.string().uuid(),
  identity: z.string().email(),
  synced: z.boolean(),
  requester: z.string(),
  /** Links act's one-time URL to this run's resolution note. */
  ticketRef: z.string(),
});
export type PasswordResetInput = z.infer<typeof PasswordResetInput>;

/** What a planned call shows where the password will go. */
export const PASSWORD_PLACEHOLDER = '<generated at act time; never recorded>';
