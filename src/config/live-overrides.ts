import { z } from 'zod';
import type { RemediationDefinition } from '../remediation/define.js';
import { effectivePolicy } from '../engine/policy.js';
import { deepMerge, isPlainObject } from './deep-merge.js';
import { AppConfig, RemediationPolicyPatch } from './schema.js';

const PolicyPatch = RemediationPolicyPatch.strict();

/**
 * Operational changes made at run time (admin API), kept in the shared store so every instance
 * picks them up within a second: dry-run switches and remediation policies, globally or per
 * client. Installations, credentials and client mappings stay in the config file. Every field is
 * a patch laid over the file config (merged at every depth): naming one value changes only it.
 */
export const ConfigOverrides = z
  .object({
    dryRun: z.boolean().optional(),
    globalRateLimit: z.object({ max: z.number().int().min(1).optional(), windowSeconds: z.number().int().min(1).optional() }).strict().optional(),
    remediations: z.record(z.string(), PolicyPatch).optional(),
    clients: z
      .record(z.string(), z.object({ dryRun: z.boolean().optional(), shadow: z.boolean().optional(), remediations: z.record(z.string(), PolicyPatch).optional() }).strict())
      .optional(),
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

/** The file config with the overrides merged into it, validated again as a whole. */
export function applyOverrides(base: AppConfig, o: ConfigOverrides): AppConfig {
  const remediations = { ...base.remediations };
  for (const [id, p] of Object.entries(o.remediations ?? {})) remediations[id] = deepMerge(remediations[id] ?? {}, p);
  const clients = base.clients.map((c) => {
    const co = o.clients && Object.hasOwn(o.clients, c.id) ? o.clients[c.id] : undefined;
    if (!co) return c;
    const own = { ...c.remediations };
    for (const [id, p] of Object.entries(co.remediations ?? {})) own[id] = deepMerge(own[id] ?? {}, p);
    return { ...c, dryRun: co.dryRun ?? c.dryRun, shadow: co.shadow ?? c.shadow, remediations: own };
  });
  const globalRateLimit = deepMerge(base.globalRateLimit, o.globalRateLimit);
  return AppConfig.parse({ ...base, dryRun: o.dryRun ?? base.dryRun, globalRateLimit, remediations, clients });
}

const list = (ids: Iterable<string>) => [...ids].map((id) => `'${id}'`).join(', ');
const pathText = (path: readonly PropertyKey[]) => path.map(String).join('.');

/**
 * Everything wrong with an overrides document, each naming its field (`overrides.clients.x...`):
 * its shape, client and remediation ids that do not exist, and settings the remediation's own
 * schema refuses once merged with the file config. Empty when the overrides can be applied.
 */
export function overrideProblems(base: AppConfig, raw: unknown, remediations: readonly RemediationDefinition<never, never>[]): string[] {
  const parsed = ConfigOverrides.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => `overrides${i.path.length ? `.${pathText(i.path)}` : ''}: ${i.message}`);
  const o = parsed.data;
  const problems: string[] = [];
  const byId = new Map(remediations.map((r) => [r.id, r]));
  const clientIds = base.clients.map((c) => c.id);
  const checkSettings = (where: string, r: RemediationDefinition<never, never>, patch: Record<string, unknown> | undefined, merged: unknown) => {
    const shape = r.settingsSchema instanceof z.ZodObject && r.settingsSchema.def.catchall === undefined ? r.settingsSchema.shape : undefined;
    // A misspelt setting would be dropped without a word by the schema: refuse it instead.
    if (shape && patch) {
      const valid = list(Object.keys(shape));
      const unknown = Object.keys(patch).filter((k) => !(k in shape));
      problems.push(...unknown.map((k) => `${where}.settings.${k}: unknown setting of '${r.id}' (valid: ${valid})`));
    }
    const s = r.settingsSchema.safeParse(isPlainObject(merged) ? merged : {});
    if (!s.success) problems.push(...s.error.issues.map((i) => `${where}.settings${i.path.length ? `.${pathText(i.path)}` : ''}: ${i.message}`));
  };
  const known = (where: string, id: string) => {
    const r = byId.get(id);
    if (!r) problems.push(`${where}: unknown remediation '${id}' (valid: ${list(byId.keys())})`);
    return r;
  };
  for (const [id, p] of Object.entries(o.remediations ?? {})) {
    const r = known(`overrides.remediations.${id}`, id);
    if (r) checkSettings(`overrides.remediations.${id}`, r, p.settings, deepMerge(base.remediations[id]?.settings ?? {}, p.settings));
  }
  for (const [clientId, co] of Object.entries(o.clients ?? {})) {
    const client = base.clients.find((c) => c.id === clientId);
    if (!client) {
      problems.push(`overrides.clients.${clientId}: unknown client '${clientId}' (valid: ${list(clientIds)})`);
      continue;
    }
    for (const [id, p] of Object.entries(co.remediations ?? {})) {
      const r = known(`overrides.clients.${clientId}.remediations.${id}`, id);
      if (!r) continue;
      // As the engine lays them (src/engine/policy.ts): a client's setting replaces the install-wide one of that name.
      const global = deepMerge(base.remediations[id]?.settings ?? {}, o.remediations?.[id]?.settings);
      const own = deepMerge(client.remediations[id]?.settings ?? {}, p.settings);
      checkSettings(`overrides.clients.${clientId}.remediations.${id}`, r, p.settings, { ...global, ...own });
    }
  }
  if (problems.length > 0) return problems;
  // Last, the whole: the merged config and every policy in force must still be valid.
  let merged: AppConfig;
  try {
    merged = applyOverrides(base, o);
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    return err.issues.map((i) => `${pathText(i.path) || 'config'}: ${i.message}`);
  }
  for (const c of merged.clients) {
    for (const r of remediations) {
      try {
        const s = r.settingsSchema.safeParse(effectivePolicy(merged, c, r).settings);
        const at = `clients.${c.id}.remediations.${r.id}.settings`;
        if (!s.success) problems.push(...s.error.issues.map((i) => `${at}${i.path.length ? `.${pathText(i.path)}` : ''}: ${i.message}`));
      } catch (err) {
        if (!(err instanceof z.ZodError)) throw err;
        problems.push(...err.issues.map((i) => `clients.${c.id}.remediations.${r.id}.${pathText(i.path)}: ${i.message}`));
      }
    }
  }
  return problems;
}
