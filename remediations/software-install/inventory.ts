import type { RmmSoftware } from '../../src/model/rmm.js';
import type { CatalogueEntry } from './settings.js';

/** The inventory entry for this package: by package id when the RMM knows it, else by name. */
export function findInstalled(inventory: RmmSoftware[], name: string, pkg: CatalogueEntry): RmmSoftware | undefined {
  const id = pkg.id.toLowerCase();
  const n = name.toLowerCase();
  return inventory.find((s) => s.packageId?.toLowerCase() === id || s.name.toLowerCase() === n || s.name.toLowerCase() === id || s.name.toLowerCase().startsWith(`${n} `));
}
