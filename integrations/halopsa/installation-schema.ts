import { z } from 'zod';
import { envName, installationId, StatusNamesSchema } from '../../src/config/common-schemas.js';

const RATE_DEFAULT = { requestsPerSecond: 1.4, burst: 5 };
const OUTCOMES_DEFAULT = { internal: 'Private Note', customer: 'Note', resolution: 'Resolution', time: 'Private Note' };

/** One MSP's HaloPSA instance, as configured for the app. Secrets are env var names. */
export const HaloInstallation = z.object({
  id: installationId,
  psa: z.literal('halopsa'),
  halopsa: z.object({
    /** Resource server, e.g. https://msp.halopsa.com/api */
    baseUrl: z.string().url().refine((u) => /\/api\/?$/.test(u), 'must end in /api'),
    /** Halo-hosted instances need the tenant on the token request; self-hosted ones do not. Default: what /api/AuthInfo reports. */
    tenant: z.string().optional(),
    /** Authorisation server; discovered from GET /api/AuthInfo when omitted. */
    authUrl: z.string().url().optional(),
    clientId: z.string().min(1),
    clientSecretEnv: envName,
    /** Scope asked for on the token request; `all` takes whatever the API application holds. */
    scope: z.string().min(1).default('all'),
    /** Basic-auth credentials Halo sends with our webhook (Halo has no HMAC signing). */
    webhookUsername: z.string().min(1).default('ticketfix'),
    webhookPasswordEnv: envName,
    /**
     * Notification events our webhook is linked to: 3 New Ticket Logged, 19 Updated by User,
     * 76 Status Changed (redanthrax/halopsa-node HaloPsaTrigger).
     */
    events: z.array(z.number().int().positive()).min(1).default([3, 19, 76]),
    /**
     * Client-side request budget for this tenant. Halo's limit is reported as 450-700 per
     * 5 minutes; 1.4/s with a burst of 5 stays under 450 in any 5-minute window.
     */
    rateLimit: z
      .object({ requestsPerSecond: z.number().positive().max(1000).default(RATE_DEFAULT.requestsPerSecond), burst: z.number().int().min(1).max(1000).default(RATE_DEFAULT.burst) })
      .default(RATE_DEFAULT),
    /** Action outcomes (by name, as configured in Halo) used for each kind of write-back. */
    outcomes: z
      .object({
        internal: z.string().min(1).default(OUTCOMES_DEFAULT.internal),
        customer: z.string().min(1).default(OUTCOMES_DEFAULT.customer),
        resolution: z.string().min(1).default(OUTCOMES_DEFAULT.resolution),
        time: z.string().min(1).default(OUTCOMES_DEFAULT.time),
      })
      .default(OUTCOMES_DEFAULT),
  }),
  statuses: StatusNamesSchema,
});
export type HaloInstallation = z.infer<typeof HaloInstallation>;
