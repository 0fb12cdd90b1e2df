import { z } from 'zod';
import { envName, installationId } from '../../src/config/common-schemas.js';
import { alertTicketCapsField } from '../rmm-alert-caps.js';

/**
 * A generic signed callback (any RMM's script policy posting to us). It has no API behind it, so
 * the organisation is fixed here, per installation: one installation (and secret) per organisation.
 */
export const GenericRmmInstallation = z.object({
  id: installationId,
  rmm: z.literal('generic'),
  /** Tickets alerts of this installation may open per hour (per device, per client). */
  alertTickets: alertTicketCapsField,
  generic: z.object({
    /** The HMAC-SHA256 key the script signs with. */
    secretEnv: envName,
    /** The RMM organisation every callback on this installation belongs to (mapped to a client in config). */
    organisationId: z.string().min(1).max(128),
    /** How far `X-Ticketfix-Timestamp` may be from our clock, in seconds. */
    toleranceSeconds: z.number().int().min(30).max(3600).default(300),
  }),
});
export type GenericRmmInstallation = z.infer<typeof GenericRmmInstallation>;
