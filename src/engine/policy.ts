import { mergeAll } from '../config/deep-merge.js';
import type { AppConfig } from '../config/schema.js';
import { RemediationPolicy } from '../model/client.js';
import type { RemediationDefinition } from '../remediation/define.js';

/** The parts of a client effectivePolicy reads (the config's client entries carry patches, not full policies). */
export type PolicyClient = Pick<AppConfig['clients'][number], 'dryRun' | 'shadow' | 'remediations'>;

/**
 * The policy in force for one remediation at one client: built-in defaults, then the
 * remediation's own declared blast radius, then the install-wide policy, then the client's.
 * Each layer is a patch, merged at every depth (settings included): a layer changes only what it names.
 */
export function effectivePolicy(config: AppConfig, client: PolicyClient, remediation: RemediationDefinition<never, never>): RemediationPolicy {
  const merged = RemediationPolicy.parse(mergeAll({ maxTargets: remediation.blastRadius.maxTargets }, config.remediations[remediation.id], client.remediations[remediation.id]));
  // A client may lower the declared blast radius but never raise it past the declaration.
  // Shadow implies dry-run: nothing changes anywhere, the PSA write-backs are skipped too.
  const shadow = merged.shadow || client.shadow;
  return { ...merged, maxTargets: Math.min(merged.maxTargets, remediation.blastRadius.maxTargets), shadow, dryRun: merged.dryRun || shadow || client.dryRun || config.dryRun };
}
