import type { KillSwitch, RateBucket, Store } from '../store/store.js';
import type { AppConfig } from '../config/schema.js';
import type { RemediationPolicy } from '../model/client.js';

/** The engaged switch that stops this client/remediation, if any (global first). */
export async function engagedKillSwitch(store: Store, clientId: string, remediationId: string): Promise<KillSwitch | null> {
  const switches = (await store.listKillSwitches()).filter((s) => s.engaged);
  return (
    switches.find((s) => s.scope.kind === 'global') ??
    switches.find((s) => s.scope.kind === 'client' && s.scope.id === clientId) ??
    switches.find((s) => s.scope.kind === 'remediation' && s.scope.id === remediationId) ??
    switches.find((s) => s.scope.kind === 'client-remediation' && s.scope.clientId === clientId && s.scope.id === remediationId) ??
    null
  );
}

export const describeKillScope = (s: KillSwitch): string =>
  s.scope.kind === 'global' ? 'global' : s.scope.kind === 'client-remediation' ? `${s.scope.id} at client ${s.scope.clientId}` : `${s.scope.kind} ${s.scope.id}`;

/** Rate buckets one execution consumes: per remediation per client, and global. */
export function rateBuckets(config: AppConfig, policy: RemediationPolicy, clientId: string, remediationId: string): RateBucket[] {
  return [
    { key: `remediation:${remediationId}:client:${clientId}`, max: policy.rateLimit.max, windowSeconds: policy.rateLimit.windowSeconds },
    { key: 'global', max: config.globalRateLimit.max, windowSeconds: config.globalRateLimit.windowSeconds },
  ];
}

/**
 * Shadow mode for a run: the client, or the remediation (install-wide or at this client), is
 * in shadow. Read from the live config, so an override applies to the next write-back too.
 */
export function isShadow(config: AppConfig, clientId: string | null, remediationId: string | null): boolean {
  const client = clientId ? config.clients.find((c) => c.id === clientId) : undefined;
  if (!client) return false;
  if (client.shadow) return true;
  if (!remediationId) return false;
  return config.remediations[remediationId]?.shadow === true || client.remediations[remediationId]?.shadow === true;
}
