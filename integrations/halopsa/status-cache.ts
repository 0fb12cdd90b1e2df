import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { HaloStatuses, type HaloStatus } from './api-schemas.js';
import { HALO_SYSTEM, type HaloClient } from './halo-client.js';

/**
 * Ticket statuses from GET /api/Status, cached for `ttlMs` (they change rarely; a name is
 * looked up on every status write-back). Names match case-insensitively; a name not found
 * refreshes the list once before giving up.
 */
export function createStatusCache(client: HaloClient, ttlMs: number, now: () => number = Date.now) {
  let cache: { at: number; statuses: Promise<HaloStatus[]> } | null = null;

  function all(): Promise<HaloStatus[]> {
    if (cache && now() - cache.at < ttlMs) return cache.statuses;
    // GET /api/Status (TStatus list)
    const statuses = client.request({ method: 'GET', path: '/Status', operation: 'listStatuses', schema: HaloStatuses });
    const entry = { at: now(), statuses };
    cache = entry;
    statuses.catch(() => {
      if (cache === entry) cache = null;
    });
    return statuses;
  }

  const byName = (statuses: HaloStatus[], name: string) => statuses.find((s) => s.name.trim().toLowerCase() === name.trim().toLowerCase());

  return {
    all,
    invalidate(): void {
      cache = null;
    },
    async idFor(name: string, operation = 'setStatus'): Promise<number> {
      let status = byName(await all(), name);
      if (!status) {
        cache = null;
        status = byName(await all(), name);
      }
      if (!status) throw new OutsideApiError(HALO_SYSTEM, operation, null, `HaloPSA has no ticket status named '${name}' (configure statuses or add it in Halo)`, false);
      return status.id;
    },
    async nameFor(id: number): Promise<string | undefined> {
      return (await all()).find((s) => s.id === id)?.name;
    },
  };
}

export type StatusCache = ReturnType<typeof createStatusCache>;
