import type { Run } from '../model/run.js';
import type { Store } from '../store/store.js';
import { reopenKey } from './reopen-on-reply.js';

const DAY_MS = 24 * 3600_000;

/**
 * For the missed-webhook reconcile: the ticket's latest real run resolved it within the reopen
 * window and it was not reopened yet, so a change on it may be the requester's reply (Autotask
 * fires no ticket webhook for a note). The engine reads the notes and decides.
 */
export async function mayAwaitReply(store: Store, runs: Run[], changedAt: string, now: Date, windowDays: number): Promise<boolean> {
  const latest = runs.filter((r) => r.state !== 'duplicate').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!latest || latest.state !== 'resolved' || latest.dryRun || windowDays <= 0) return false;
  if (now.getTime() - Date.parse(latest.updatedAt) > windowDays * DAY_MS) return false;
  if (await store.getKv(reopenKey(latest.id))) return false;
  // Our own write-backs change the ticket too: only a change after the last one landed can be a reply.
  const outbox = await store.listOutbox({ runId: latest.id });
  if (outbox.some((i) => !i.deliveredAt)) return false;
  const lastOwn = Math.max(Date.parse(latest.updatedAt), ...outbox.map((i) => Date.parse(i.deliveredAt!)));
  return Date.parse(changedAt) > lastOwn;
}
