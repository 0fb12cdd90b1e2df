import type { AppConfig } from '../config/schema.js';
import { RemediationPolicy, type Client } from '../model/client.js';
import type { RemediationDefinition } from '../remediation/define.js';

/**
 * The policy in force for one remediation at one client: built-in defaults, then the
 * remediation's own declared blast radius, then the install-wide defaults, then the client's.
 */
export function effectivePolicy(config: AppConfig, client: Client, remediation: RemediationDefinition<never, never>): RemediationPolicy {
  const base = config.remediations[remediation.id] ?? {};
  const own = client.remediations[remediation.id] ?? {};
  const merged = RemediationPolicy.parse({ maxTargets: remediation.blastRadius.maxTargets, ...base, ...own, settings: { ...(base.settings ?? {}), ...(own.settings ?? {}) } });
  // A client may lower the declared blast radius but never raise it past the declaration.
  // Shadow implies dry-run: nothing changes anywhere, the PSA write-backs are skipped too.
  const shadow = merged.shadow || client.shadow;
  return { ...merged, maxTargets: Math.min(merged.maxTargets, remediation.blastRadius.maxTargets), shadow, dryRun: merged.dryRun || shadow || client.dryRun || config.dryRun };
}
