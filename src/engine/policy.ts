import type { AppConfig } from '../config/schema.js';
import { RemediationPolicy } from '../model/client.js';
import type { RemediationDefinition } from '../remediation/define.js';

/** The parts of a client effectivePolicy reads (the config's client entries carry patches, not full policies). */
export type PolicyClient = Pick<AppConfig['clients'][number], 'dryRun' | 'shadow' | 'remediations'>;

/**
 * The policy in force for one remediation at one client: built-in defaults, then the
 * remediation's own declared blast radius, then the install-wide policy, then the client's.
 * Each layer is a patch: it changes only the fields it names. A client's setting replaces the
 * install-wide one of the same name whole (a client's allow-list is its own, not added to the
 * install-wide one); run-time overrides are merged into each layer at every depth beforehand.
 */
export function effectivePolicy(config: AppConfig, client: PolicyClient, remediation: RemediationDefinition<never, never>): RemediationPolicy {
  const base = config.remediations[remediation.id] ?? {};
  const own = client.remediations[remediation.id] ?? {};
  const merged = RemediationPolicy.parse({ maxTargets: remediation.blastRadius.maxTargets, ...base, ...own, settings: { ...(base.settings ?? {}), ...(own.settings ?? {}) } });
  // A client may lower the declared blast radius but never raise it past the declaration.
  // Shadow implies dry-run: nothing changes anywhere, the PSA write-backs are skipped too.
  const shadow = merged.shadow || client.shadow;
  return { ...merged, maxTargets: Math.min(merged.maxTargets, remediation.blastRadius.maxTargets), shadow, dryRun: merged.dryRun || shadow || client.dryRun || config.dryRun };
}
