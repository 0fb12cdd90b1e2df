import { z } from 'zod';
import { envName, installationId } from '../../src/config/common-schemas.js';

/**
 * Status names the loop moves tickets to. Autotask's stock terminal status is the system status
 * "Complete" (value 5), so that is the default here; the rest match the other PSAs.
 */
const AUTOTASK_STATUS_DEFAULTS = { inProgress: 'In Progress', awaitingApproval: 'Waiting Approval', escalated: 'Escalated', resolved: 'Complete' };
export const AutotaskStatusNames = z
  .object({
    inProgress: z.string().default(AUTOTASK_STATUS_DEFAULTS.inProgress),
    awaitingApproval: z.string().default(AUTOTASK_STATUS_DEFAULTS.awaitingApproval),
    escalated: z.string().default(AUTOTASK_STATUS_DEFAULTS.escalated),
    resolved: z.string().default(AUTOTASK_STATUS_DEFAULTS.resolved),
  })
  .default(AUTOTASK_STATUS_DEFAULTS);

/** One MSP's Autotask database, as configured for the app. Secrets are env var names. */
export const AutotaskInstallation = z.object({
  id: installationId,
  psa: z.literal('autotask'),
  autotask: z.object({
    /** Zone base URL ending in /ATServicesRest/V1.0; discovered from ZoneInformation when omitted. */
    baseUrl: z
      .string()
      .url()
      .refine((u) => /\/ATServicesRest\/V1\.0\/?$/i.test(u), 'must end in /ATServicesRest/V1.0')
      .optional(),
    /** Where zone discovery is asked (the real one unless testing). */
    zoneLookupUrl: z
      .string()
      .url()
      .refine((u) => /\/ZoneInformation\/?$/i.test(u), 'must end in /ZoneInformation')
      .default('https://webservices.autotask.net/ATServicesRest/V1.0/ZoneInformation'),
    apiUserName: z.string().min(1),
    /** The tracking identifier (vendor or custom). */
    apiIntegrationCode: z.string().min(1),
    secretEnv: envName,
    /** The real resource notes and time entries are attributed to (an API-only user cannot own time). */
    impersonationResourceId: z.number().int().positive(),
    /** Secret key our TicketWebhooks are registered with (X-Hook-Signature HMAC); 10–64 characters. */
    webhookSecretEnv: envName,
    /** Role used for time entries (default: the resource's default service desk role). */
    timeEntryRoleId: z.number().int().positive().optional(),
    /** The API user's own resource id, excluded from our webhook so our writes do not echo; looked up by user name when omitted. */
    apiResourceId: z.number().int().positive().optional(),
    /** TicketNotes `noteType` label for our notes; the picklist's default when this label does not exist. */
    noteTypeLabel: z.string().min(1).default('Task Notes'),
    /** TicketNotes `publish` labels: who sees internal vs customer-visible notes (resolved from the picklist, never guessed). */
    notePublish: z
      .object({ internal: z.string().min(1).default('Internal Project Team'), customer: z.string().min(1).default('All Autotask Users') })
      .default({ internal: 'Internal Project Team', customer: 'All Autotask Users' }),
    /**
     * Concurrent requests per object endpoint. Autotask allows 3 per tracking identifier across
     * every process using it; lower this when several app instances share one identifier.
     */
    threadsPerEndpoint: z.number().int().min(1).max(3).default(3),
    /**
     * Webhook field ids pinned by REST field name (e.g. { companyID: 123 }), for a database whose
     * TicketWebhookFields labels are relabelled or localised so install cannot recognise them.
     */
    webhookFieldIds: z.record(z.string(), z.number().int().positive()).default({}),
    /** GUIDs of webhooks made by hand in Autotask that this installation also accepts. */
    extraWebhookGuids: z.array(z.string().min(1)).default([]),
  }),
  statuses: AutotaskStatusNames,
});
export type AutotaskInstallation = z.infer<typeof AutotaskInstallation>;
