import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, STORE_FILE_NAME } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** Written into every store the sandbox starts on: tells a sandbox's data from a real install's. */
export const SANDBOX_STORE_MARKER = 'ticketfix:sandbox-store';

export class SandboxStoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxStoreRefused';
  }
}

/** True when the store holds anything a real install leaves behind (signals, runs, audit). */
async function holdsData(store: Store): Promise<boolean> {
  const [signals, runs, audit] = await Promise.all([store.listUnprocessedSignals(1), store.listRuns({ limit: 1 }), store.queryAudit({ limit: 1 })]);
  return signals.length + runs.length + audit.length > 0;
}

/**
 * Claims a store for this sandbox start. Refused: a store with data and no sandbox marker (a real
 * install's). A store an earlier sandbox start left is refused as well unless `shared` (the
 * simulators start fresh, so its runs would name tickets that no longer exist).
 */
export async function claimSandboxStore(store: Store, where: string, o: { shared: boolean }): Promise<void> {
  const marker = await store.getKv(SANDBOX_STORE_MARKER);
  if (marker && !o.shared) throw new SandboxStoreRefused(`${where} holds an earlier sandbox's data; the simulators start fresh, so start on an empty store (another REDIS_PREFIX)`);
  if (!marker && (await holdsData(store))) throw new SandboxStoreRefused(`${where} holds a real install's data; the sandbox never runs against it (use an empty folder)`);
  if (!marker) await store.setKv(SANDBOX_STORE_MARKER, { since: new Date().toISOString() });
}

/**
 * The sandbox's embedded store in `dataDir`, fresh at every start: the simulators keep their
 * state in memory, so an earlier sandbox's store (its marker checked first) is deleted rather
 * than mixed with new tickets that reuse its ticket ids. A real install's store is refused.
 */
export async function openFreshSandboxStore(dataDir: string): Promise<Store> {
  const file = join(dataDir, STORE_FILE_NAME);
  if (existsSync(file)) {
    const old = await openStore({ dataDir });
    try {
      const marker = await old.getKv(SANDBOX_STORE_MARKER);
      if (!marker && (await holdsData(old))) throw new SandboxStoreRefused(`${dataDir} holds a real install's data; the sandbox never runs against it (use an empty folder)`);
    } finally {
      await old.close();
    }
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  }
  const store = await openStore({ dataDir });
  await store.setKv(SANDBOX_STORE_MARKER, { since: new Date().toISOString() });
  return store;
}
