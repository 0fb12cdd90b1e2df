import { z } from 'zod';
import { RmmAlert } from './rmm.js';

/** Which outside system a signal came from. One value per folder under integrations/. */
export const SourceSystem = z.enum(['connectwise', 'autotask', 'halopsa', 'tactical', 'ninjaone', 'datto', 'generic']);
export type SourceSystem = z.infer<typeof SourceSystem>;

export const PsaSystem = z.enum(['connectwise', 'autotask', 'halopsa']);
export type PsaSystem = z.infer<typeof PsaSystem>;

/**
 * A verified, normalised webhook/callback. It is only a hint: for PSAs the ticket is
 * re-read from the API before anything is decided. Native payloads never travel past
 * their integration folder; only these fields do.
 */
export const Signal = z.object({
  id: z.string().min(1),
  /** The installation (MSP + PSA) the webhook was addressed to; chosen by the verified route, never by payload text. */
  installationId: z.string().min(1),
  source: SourceSystem,
  kind: z.enum(['ticket', 'alert']),
  /** De-duplication key for deliveries: the same event delivered twice has the same key. */
  deliveryKey: z.string().min(1),
  /** What the sender said happened (added/updated/Create/...), for the audit only. */
  action: z.string().max(64),
  /** The PSA ticket id the event is about (string: ConnectWise and Autotask use numbers, Halo may not). */
  ticketId: z.string().min(1).max(64).optional(),
  /** The PSA company id as the PSA reported it. Still re-read before it is trusted. */
  companyHint: z.string().max(128).optional(),
  /** For `kind: 'alert'`: what the RMM reported, normalised (still re-read from the RMM before it is trusted). */
  alert: RmmAlert.optional(),
  receivedAt: z.string().datetime(),
});
export type Signal = z.infer<typeof Signal>;
