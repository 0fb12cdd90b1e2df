import type { Run } from '../model/run.js';
import type { EngineDeps } from './deps.js';

/**
 * One instance drives a run at a time. The owner holds a lease (a claim in the shared store)
 * renewed while it works; a run whose owner died is resumed once the lease has lapsed, never
 * while a live instance may be in the middle of acting.
 */
export const RUN_OWNER_LEASE_MS = 20_000;
const RENEW_EVERY_MS = 5_000;

export async function withRunOwnership<T>(deps: EngineDeps, run: Run, fn: () => Promise<T>): Promise<T | null> {
  const key = `run-owner:${run.id}`;
  // One token per drive, not per instance: two jobs for one run on the same instance exclude
  // each other too (BullMQ does not serialise a ticket's jobs the way the in-process queue does).
  const holder = `${deps.instanceId}:${deps.newId()}`;
  const until = () => new Date(deps.clock().getTime() + RUN_OWNER_LEASE_MS).toISOString();
  const claimed = await deps.store.claim(key, holder, until(), deps.clock().toISOString());
  if (!claimed.ok) {
    deps.log.debug({ runId: run.id, owner: claimed.heldBy }, 'run is being driven by another instance');
    return null;
  }
  const renew = setInterval(() => void deps.store.extendClaim(key, holder, until()).catch(() => undefined), RENEW_EVERY_MS);
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await deps.store.releaseClaim(key, holder).catch(() => undefined);
  }
}
