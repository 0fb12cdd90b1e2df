import { z } from 'zod';
import type { Client } from '../model/client.js';
import type { EngineDeps } from './deps.js';
import { effectivePolicy } from './policy.js';
import { findRemediation } from './run-context.js';

/**
 * The alert-loop settings a remediation may declare in its settings schema (service-restart
 * does): how long an alert settles before deciding, the storm window, the recurring limit.
 */
const AlertTiming = z
  .object({
    settleSeconds: z.number().min(0).default(0),
    stormWindowSeconds: z.number().int().min(1).optional(),
    recurring: z.object({ maxRestarts: z.number().int().min(1), windowMinutes: z.number().int().min(1) }).optional(),
  })
  .loose();
export type AlertTiming = z.infer<typeof AlertTiming>;

export function alertTiming(deps: EngineDeps, client: Client, remediationId: string | null): AlertTiming {
  const remediation = remediationId ? findRemediation(deps, remediationId) : undefined;
  if (!remediation) return { settleSeconds: 0 };
  const settings = remediation.settingsSchema.safeParse(effectivePolicy(deps.config, client, remediation).settings);
  const parsed = AlertTiming.safeParse(settings.success ? settings.data : {});
  return parsed.success ? parsed.data : { settleSeconds: 0 };
}
