import { z } from 'zod';
import { envName, installationId, StatusNamesSchema } from '../../src/config/common-schemas.js';

/** One MSP's Autotask database, as configured for the app. Secrets are env var names. */
export const AutotaskInstallation = z.object({
  id: installationId,
  psa: z.literal('autotask'),
  autotask: z.object({
    /** Zone base URL ending in /ATServicesRest/V1.0; discovered from ZoneInformation when omitted. */
    baseUrl: z.string().url().optional(),
    /** Where zone discovery is asked (the real one unless testing). */
    zoneLookupUrl: z.string().url().default('https://webservices.autotask.net/ATServicesRest/V1.0/ZoneInformation'),
    apiUserName: z.string().min(1),
    /** The tracking identifier (vendor or custom). */
    apiIntegrationCode: z.string().min(1),
    secretEnv: envName,
    /** The real resource notes and time entries are attributed to. */
    impersonationResourceId: z.number().int().positive(),
    /** Secret key our TicketWebhooks are registered with (X-Hook-Signature HMAC). */
    webhookSecretEnv: envName,
    /** Role used for time entries. */
    timeEntryRoleId: z.number().int().positive().optional(),
  }),
  statuses: StatusNamesSchema,
});
export type AutotaskInstallation = z.infer<typeof AutotaskInstallation>;
