import { z } from 'zod';
import { envName, installationId } from '../../src/config/common-schemas.js';
import { alertTicketCapsField } from '../rmm-alert-caps.js';

/** One MSP's Tactical RMM server, as configured for the app. Secrets are env var names. */
export const TacticalInstallation = z.object({
  id: installationId,
  rmm: z.literal('tactical'),
  /** Tickets alerts of this installation may open per hour (per device, per client). */
  alertTickets: alertTicketCapsField,
  tactical: z.object({
    /** The API host, e.g. https://api.rmm.example.com (Tactical's paths end in '/', and that matters). */
    apiUrl: z.string().url(),
    /** Settings > Global Settings > API Keys; the key inherits its user's role. */
    apiKeyEnv: envName,
    /** The shared secret the alert template's URL action sends in `X-Ticketfix-Secret`. */
    webhookSecretEnv: envName,
    /** A saved script (pk) running `choco uninstall <args[0]> -y`: Tactical has no native uninstall. */
    chocoUninstallScriptId: z.number().int().positive().optional(),
    /**
     * The saved script (pk) of the "TicketFix - Software request" script check. A software
     * request is read from that check's own last output on the agent (GET
     * /agents/<agent_id>/checks/), never from the alert body; without it requests escalate.
     */
    softwareRequestScriptId: z.number().int().positive().optional(),
    /** How often a queued choco install is polled in pendingactions, and for how long. */
    jobPollMs: z.number().int().min(1).default(2_000),
    jobTimeoutMs: z.number().int().min(1).default(15 * 60_000),
  }),
});
export type TacticalInstallation = z.infer<typeof TacticalInstallation>;
