import type { PsaRuntimeOptions } from '../psa-integration.js';

export type Kv = PsaRuntimeOptions['kv'];

/** What install leaves in the store for the webhook handler and the doctor. */
export interface WebhookRegistration {
  webhookId: number;
  guid: string;
  webhookUrl: string;
  apiResourceId: number;
  installedAt: string;
  /** Set by uninstall: the deactivation call Autotask then makes is expected, not an alarm. */
  removedAt?: string;
}

/** A call to our deactivation URL, kept for the operator (doctor shows it). */
export interface DeactivationNotice {
  at: string;
  guid: string | null;
  /** The GUID is the one this installation registered. */
  guidMatches: boolean;
  /** The body carried a valid X-Hook-Signature (a deactivation after secret drift may not). */
  signatureValid: boolean;
  /** It followed our own uninstall. */
  expected: boolean;
}

export const registrationKey = (installationId: string) => `autotask:${installationId}:webhook`;
export const deactivationKey = (installationId: string) => `autotask:${installationId}:deactivation`;

export const readRegistration = (kv: Kv, installationId: string) => kv.getKv<WebhookRegistration>(registrationKey(installationId));

/**
 * The GUIDs a webhook for this installation may carry: the one install registered (unless
 * uninstalled) plus any configured by hand. Cached briefly; a miss re-reads once so a fresh
 * install is honoured at once.
 */
export function createGuidLookup(kv: Kv, installationId: string, extra: string[], ttlMs = 10_000, now: () => number = Date.now) {
  let cached: { at: number; guids: Set<string> } | null = null;
  const load = async () => {
    const reg = await readRegistration(kv, installationId);
    const guids = new Set([...extra, ...(reg && !reg.removedAt ? [reg.guid] : [])].map((g) => g.toLowerCase()));
    cached = { at: now(), guids };
    return guids;
  };
  return {
    async accepts(guid: string): Promise<boolean> {
      const wanted = guid.toLowerCase();
      const fresh = cached && now() - cached.at < ttlMs;
      if (fresh && cached?.guids.has(wanted)) return true;
      return (await load()).has(wanted);
    },
  };
}
