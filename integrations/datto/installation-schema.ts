import { z } from 'zod';
import { envName, installationId } from '../../src/config/common-schemas.js';
import { alertTicketCapsField } from '../rmm-alert-caps.js';

/** One MSP's Datto RMM account (an API user's key and secret), as configured for the app. */
export const DattoInstallation = z.object({
  id: installationId,
  rmm: z.literal('datto'),
  /** Tickets alerts of this installation may open per hour (per device, per client). */
  alertTickets: alertTicketCapsField,
  datto: z.object({
    /** The platform's API host, e.g. https://merlot-api.centrastage.net (API under /api/v2). */
    apiUrl: z.string().url(),
    apiKeyEnv: envName,
    apiSecretEnv: envName,
    /** The shared secret the webhook sends in `X-Ticketfix-Secret` (or `?token=` where headers cannot be set). */
    webhookSecretEnv: envName,
    /** Components (uids) quick jobs run: Datto has no native service or package verbs. */
    components: z
      .object({
        /** Variable `serviceName`; prints TICKETFIX_EXIT=<code>. */
        serviceRestart: z.string().min(1),
        /** Variable `serviceName`; prints the service as JSON {name, displayName, status, startType} (null when absent). */
        serviceStatus: z.string().min(1),
        /** Variable `package` (a Chocolatey id); prints choco's output and TICKETFIX_EXIT=<code>. */
        softwareInstall: z.string().min(1),
        softwareUninstall: z.string().min(1),
      })
      .optional(),
    /**
     * Requests this app sends per rolling 60 s. The limit (600) is per ACCOUNT, shared with every
     * other tool using it, and Datto slows down over 90%: stay well under it by default.
     */
    requestsPerMinute: z.number().int().min(1).max(600).default(300),
    jobPollMs: z.number().int().min(1).default(5_000),
    jobTimeoutMs: z.number().int().min(1).default(15 * 60_000),
  }),
});
export type DattoInstallation = z.infer<typeof DattoInstallation>;
