import { z } from 'zod';
import { envName, installationId } from '../../src/config/common-schemas.js';

/** One MSP's Tactical RMM server, as configured for the app. Secrets are env var names. */
export const TacticalInstallation = z.object({
  id: installationId,
  rmm: z.literal('tactical'),
  tactical: z.object({
    /** The API host, e.g. https://api.rmm.example.com (Tactical's paths end in '/', and that matters). */
    apiUrl: z.string().url(),
    /** Settings > Global Settings > API Keys; the key inherits its user's role. */
    apiKeyEnv: envName,
    /** The shared secret the alert template's URL action sends in `X-Ticketfix-Secret`. */
    webhookSecretEnv: envName,
    /** A saved script (pk) running `choco uninstall <args[0]> -y`: Tactical has no native uninstall. */
    chocoUninstallScriptId: z.number().int().positive().optional(),
    /** How often a queued choco install is polled in pendingactions, and for how long. */
    jobPollMs: z.number().int().min(1).default(2_000),
    jobTimeoutMs: z.number().int().min(1).default(15 * 60_000),
  }),
});
export type TacticalInstallation = z.infer<typeof TacticalInstallation>;
