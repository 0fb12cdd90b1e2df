import type { RmmAdapter, RmmSoftware } from '../../src/model/rmm.js';
import type { CatalogueEntry } from './settings.js';

/** The inventory entry for this package: by package id when the RMM knows it, else by name. */
export function findInstalled(inventory: RmmSoftware[], name: string, pkg: CatalogueEntry): RmmSoftware | undefined {
  const id = pkg.id.toLowerCase();
  const n = name.toLowerCase();
  return inventory.find((s) => s.packageId?.toLowerCase() === id || s.name.toLowerCase() === n || s.name.toLowerCase() === id || s.name.toLowerCase().startsWith(`${n} `));
}

export interface InventoryPoll {
  /** Reads at most this many times (the RMM refreshes its inventory before each read where it can). */
  attempts: number;
  pauseMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_INVENTORY_POLL: InventoryPoll = { attempts: 4, pauseMs: 5_000, sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)) };

/**
 * Reads the inventory until it shows what validation wants (the package present, or gone), at
 * most `attempts` times: an RMM's inventory lags the install (Tactical's refreshes on request or
 * on the agent's schedule; an installer may finish after its job reports). The last read decides.
 */
export async function inventoryUntil(rmm: Pick<RmmAdapter, 'listSoftware'>, deviceId: string, done: (inventory: RmmSoftware[]) => boolean, poll: InventoryPoll = DEFAULT_INVENTORY_POLL): Promise<RmmSoftware[]> {
  let inventory = await rmm.listSoftware(deviceId);
  for (let i = 1; i < poll.attempts && !done(inventory); i++) {
    await poll.sleep(poll.pauseMs);
    inventory = await rmm.listSoftware(deviceId);
  }
  return inventory;
}
