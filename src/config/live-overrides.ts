import { z } from 'zod';
import { RemediationPolicy } from '../model/client.js';
import { AppConfig } from './schema.js';

/**
 * Operational changes made at run time (admin API), kept in the shared store so every instance
 * picks them up within a second: dry-run switches and remediation policies, globally or per
 * client. Installations, credentials and client mappings stay in the config file.
 */
export const ConfigOverrides = z
  .object({
    dryRun: z.boolean().optional(),
    globalRateLimit: z.object({ max: z.number().int().min(1), windowSeconds: z.number().int().min(1) }).optional(),
    remediations: z.record(z.string(), RemediationPolicy.partial()).optional(),
    clients: z.record(z.string(), z.object({ dryRun: z.boolean().optional(), shadow: z.boolean().optional(), remediations: z.record(z.string(), RemediationPolicy.partial()).optional() }).strict()).optional(),
  })
  .strict();
export type ConfigOverrides = z.infer<typeof ConfigOverrides>;

export interface StoredOverrides {
  version: number;
  overrides: ConfigOverrides;
  by: string;
  at: string;
}

export const OVERRIDES_KEY = 'config:overrides';

/** The file config with the overrides laid over it, validated again as a whole. */
export function applyOverrides(base: AppConfig, o: ConfigOverrides): AppConfig {
  const remediations = { ...base.remediations };
  for (const [id, p] of Object.entries(o.remediations ?? {})) remediations[id] = { ...remediations[id], ...p };
  const clients = base.clients.map((c) => {
    const co = o.clients?.[c.id];
    if (!co) return c;
    const own = { ...c.remediations };
    for (const [id, p] of Object.entries(co.remediations ?? {})) own[id] = { ...own[id], ...p };
    return { ...c, dryRun: co.dryRun ?? c.dryRun, shadow: co.shadow ?? c.shadow, remediations: own };
  });
  return AppConfig.parse({ ...base, dryRun: o.dryRun ?? base.dryRun, globalRateLimit: o.globalRateLimit ?? base.globalRateLimit, remediations, clients });
}
