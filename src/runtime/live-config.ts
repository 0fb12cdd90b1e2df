import type { Logger } from 'pino';
import { applyOverrides, OVERRIDES_KEY, type StoredOverrides } from '../config/live-overrides.js';
import type { AppConfig } from '../config/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import type { Store } from '../store/store.js';

/**
 * Polls the shared store for config overrides and swaps the engine's config when their version
 * changes: every instance sees a change within `intervalMs`.
 */
export function startLiveConfig(o: { deps: EngineDeps; base: AppConfig; store: Store; log: Logger; intervalMs?: number }): { refresh(): Promise<void>; stop(): void } {
  let version = 0;
  async function refresh(): Promise<void> {
    const stored = await o.store.getKv<StoredOverrides>(OVERRIDES_KEY);
    const next = stored?.version ?? 0;
    if (next === version) return;
    o.deps.config = stored ? applyOverrides(o.base, stored.overrides) : o.base;
    version = next;
    o.log.info({ version, by: stored?.by }, 'configuration overrides applied');
  }
  const timer = setInterval(() => void refresh().catch((err: unknown) => o.log.error({ err: String(err) }, 'could not read config overrides')), o.intervalMs ?? 500);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
