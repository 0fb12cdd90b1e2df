import type { ConfigOverrides } from '../config/live-overrides.js';
import { isPlainObject } from '../config/deep-merge.js';
import type { AppConfig } from '../config/schema.js';
import type { RemediationPolicy } from '../model/client.js';
import type { RemediationDefinition } from '../remediation/define.js';
import { effectivePolicy } from './policy.js';

export const POLICY_SOURCES = ['remediation default', 'file config', 'run-time override'] as const;
export type PolicySource = (typeof POLICY_SOURCES)[number];

/** Whether `layer` sets a value at `path` (a mapping on the way down, a defined value at the end). */
function sets(layer: unknown, path: readonly string[]): boolean {
  let at: unknown = layer;
  for (const key of path) {
    if (!isPlainObject(at) || !Object.hasOwn(at, key)) return false;
    at = at[key];
  }
  return at !== undefined;
}

/** Dotted paths of every value in a policy; a list or an empty mapping is one value. */
function leaves(value: unknown, prefix: string[] = []): string[][] {
  if (!isPlainObject(value) || (prefix.length > 0 && Object.keys(value).length === 0)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

/**
 * The policy in force for one remediation at one client, with where each value came from: the
 * remediation's defaults (built-in policy defaults, its declared blast radius, its settings'
 * defaults), the config file (install-wide, then the client's), or a run-time override. Settings
 * are shown as the remediation reads them (its schema's defaults filled in).
 */
export function policyWithSources(
  base: AppConfig,
  overrides: ConfigOverrides,
  clientId: string,
  remediation: RemediationDefinition<never, never>,
  merged: AppConfig,
): { policy: RemediationPolicy; sources: Record<string, PolicySource> } {
  const id = remediation.id;
  const fileClient = base.clients.find((c) => c.id === clientId);
  const liveClient = merged.clients.find((c) => c.id === clientId);
  if (!fileClient || !liveClient) throw new Error(`no client '${clientId}'`);
  const over = overrides.clients && Object.hasOwn(overrides.clients, clientId) ? overrides.clients[clientId] : undefined;
  const policy = effectivePolicy(merged, liveClient, remediation);
  const settings = remediation.settingsSchema.safeParse(policy.settings);
  const shown: RemediationPolicy = { ...policy, settings: settings.success ? (settings.data as Record<string, unknown>) : policy.settings };
  // Lowest first; a value comes from the last layer that sets it (the client's beats the install-wide).
  const layers: [PolicySource, unknown][] = [
    ['file config', base.remediations[id]],
    ['run-time override', overrides.remediations?.[id]],
    ['file config', fileClient.remediations[id]],
    ['run-time override', over?.remediations?.[id]],
  ];
  const clientLayers = layers.slice(2);
  const sourceOf = (path: string[]): PolicySource => {
    // A setting the client names replaces the install-wide one whole (src/engine/policy.ts).
    const from = path[0] === 'settings' && path.length > 1 && clientLayers.some(([, l]) => sets(l, path.slice(0, 2))) ? clientLayers : layers;
    return from.reduce<PolicySource>((found, [source, layer]) => (sets(layer, path) ? source : found), 'remediation default');
  };
  const sources: Record<string, PolicySource> = {};
  for (const path of leaves(shown)) sources[path.join('.')] = sourceOf(path);
  // Values that are not the policy's own field: the declared cap, shadow and dry-run set per client or globally.
  const lastSet = (key: 'maxTargets' | 'shadow' | 'dryRun'): unknown =>
    layers.reduce<unknown>((v, [, l]) => (sets(l, [key]) ? (l as Record<string, unknown>)[key] : v), undefined);
  const wanted = lastSet('maxTargets');
  if (typeof wanted === 'number' && wanted > remediation.blastRadius.maxTargets) sources.maxTargets = 'remediation default';
  const clientFlag = (flag: 'dryRun' | 'shadow'): PolicySource => (over?.[flag] !== undefined ? 'run-time override' : 'file config');
  if (policy.shadow && lastSet('shadow') !== true) sources.shadow = clientFlag('shadow');
  if (policy.dryRun && lastSet('dryRun') !== true) {
    const global: PolicySource = overrides.dryRun !== undefined ? 'run-time override' : 'file config';
    sources.dryRun = policy.shadow ? sources.shadow! : liveClient.dryRun ? clientFlag('dryRun') : global;
  }
  return { policy: shown, sources };
}
