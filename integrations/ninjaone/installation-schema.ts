import { z } from 'zod';
import { envName, installationId } from '../../src/config/common-schemas.js';
import { alertTicketCapsField } from '../rmm-alert-caps.js';

/** One MSP's NinjaOne instance (an API client with client-credentials), as configured for the app. */
export const NinjaOneInstallation = z.object({
  id: installationId,
  rmm: z.literal('ninjaone'),
  /** Tickets alerts of this installation may open per hour (per device, per client). */
  alertTickets: alertTicketCapsField,
  ninjaone: z.object({
    /** The regional host, e.g. https://eu.ninjarmm.com (API under /v2, token at /ws/oauth/token). */
    baseUrl: z.string().url(),
    clientId: z.string().min(1),
    clientSecretEnv: envName,
    scope: z.string().default('monitoring management control'),
    /** The header the webhook (PUT /v2/webhook `headers`, or the notification channel) carries the secret in. */
    webhookHeaderName: z.string().regex(/^[A-Za-z0-9-]+$/).default('X-Ticketfix-Secret'),
    webhookSecretEnv: envName,
    /**
     * What each condition (the webhook's `sourceConfigUid`) watches. Ninja's activity carries no
     * structured service name, so the MSP says which condition watches which service here; an
     * unlisted condition is category `other`.
     */
    conditions: z
      .array(
        z.object({
          uid: z.string().min(1),
          category: z.enum(['service_stopped', 'software_request', 'other']),
          serviceName: z.string().min(1).max(256).optional(),
          application: z.string().min(1).max(256).optional(),
        }),
      )
      .default([]),
    /** Saved scripts (ids) that run `choco install|uninstall <parameters> -y`: Ninja has no native package verb. */
    scripts: z.object({ chocoInstall: z.number().int().positive(), chocoUninstall: z.number().int().positive() }).optional(),
    /** Script runs answer 204 without a job id: the result is polled from the device's activities. */
    jobPollMs: z.number().int().min(1).default(5_000),
    jobTimeoutMs: z.number().int().min(1).default(15 * 60_000),
  }),
});
export type NinjaOneInstallation = z.infer<typeof NinjaOneInstallation>;
