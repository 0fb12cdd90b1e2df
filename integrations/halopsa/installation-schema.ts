import { z } from 'zod';
import { envName, installationId, StatusNamesSchema } from '../../src/config/common-schemas.js';

/** One MSP's HaloPSA instance, as configured for the app. Secrets are env var names. */
export const HaloInstallation = z.object({
  id: installationId,
  psa: z.literal('halopsa'),
  halopsa: z.object({
    /** Resource server, e.g. https://msp.halopsa.com/api */
    baseUrl: z.string().url().refine((u) => /\/api\/?$/.test(u), 'must end in /api'),
    /** Halo-hosted instances need the tenant on the token request; self-hosted ones do not. */
    tenant: z.string().optional(),
    clientId: z.string().min(1),
    clientSecretEnv: envName,
    /** Basic-auth credentials Halo sends with our webhook (Halo has no HMAC signing). */
    webhookUsername: z.string().min(1).default('ticketfix'),
    webhookPasswordEnv: envName,
  }),
  statuses: StatusNamesSchema,
});
export type HaloInstallation = z.infer<typeof HaloInstallation>;
