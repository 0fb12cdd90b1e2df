import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { psaIntegrationFor } from '../../integrations/index.js';
import type { Intake, PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import type { Installation } from '../config/schema.js';
import type { Store } from '../store/store.js';
import { mayAwaitReply } from '../engine/reopen-watch.js';

/** How far back a first reconcile looks, and how much each pass overlaps the previous one. */
const FIRST_LOOKBACK_MS = 60 * 60_000;
const OVERLAP_MS = 5 * 60_000;

interface Watermark {
  at: string;
}

/**
 * Catches webhooks a PSA never delivered (Autotask drops an event after 2 minutes of failures,
 * Halo does not retry): asks each PSA for recently changed tickets and feeds the ones with no
 * run yet into the loop as signals. Safe on several instances: a ticket's reconcile signal has
 * one delivery key, so it is stored once.
 */
export async function reconcileInstallation(
  install: Installation,
  o: { store: Store; intake: Intake; runtime: PsaRuntimeOptions; now: Date; log: Logger; reopenWindowDays?: number },
): Promise<number> {
  const key = `reconcile:${install.id}`;
  const mark = await o.store.getKv<Watermark>(key);
  const since = mark ? new Date(Date.parse(mark.at) - OVERLAP_MS) : new Date(o.now.getTime() - FIRST_LOOKBACK_MS);
  const changed = await psaIntegrationFor(install).listChangedTickets(install, since, o.runtime);
  if (changed.length === 0) {
    await o.store.setKv(key, { at: o.now.toISOString() } satisfies Watermark);
    return 0;
  }
  // Webhooks that arrived but wait in a backlog are not missed: skip their tickets too.
  const waiting = new Set((await o.store.listUnprocessedSignals(100_000)).filter((s) => s.installationId === install.id).map((s) => s.ticketId));
  let fed = 0;
  for (const t of changed) {
    if (waiting.has(t.ticketId)) continue;
    const runs = (await o.store.listRuns({ ticketId: t.ticketId })).filter((r) => r.installationId === install.id);
    // A ticket the loop resolved is fed again on each change (one key per change): it may be the requester's reply.
    const reply = runs.length > 0 && (await mayAwaitReply(o.store, runs, t.updatedAt, o.now, o.reopenWindowDays ?? 7));
    if (runs.length > 0 && !reply) continue;
    const { inserted } = await o.intake({
      id: randomUUID(),
      installationId: install.id,
      source: install.psa,
      kind: 'ticket',
      deliveryKey: reply ? `reconcile:${install.id}:${t.ticketId}:changed:${t.updatedAt}` : `reconcile:${install.id}:${t.ticketId}`,
      action: 'reconciled',
      ticketId: t.ticketId,
      receivedAt: o.now.toISOString(),
    });
    // `fed` counts missed webhooks; a resolved ticket's change fed for the reply check is not one.
    if (inserted && !reply) fed++;
  }
  await o.store.setKv(key, { at: o.now.toISOString() } satisfies Watermark);
  if (fed > 0) o.log.warn({ installationId: install.id, fed }, 'reconcile found tickets whose webhook never arrived');
  return fed;
}
