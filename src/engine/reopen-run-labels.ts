import { z } from 'zod';
import type { Store } from '../store/store.js';

/** An operator's verdict on a run: did the loop do the right thing? Read back by evaluations. */
export const RunLabel = z.enum(['right', 'wrong']);
export type RunLabel = z.infer<typeof RunLabel>;

export const RunLabelInput = z.object({ label: RunLabel, note: z.string().trim().max(500).optional() }).strict();

export const StoredRunLabel = z.object({ runId: z.string(), label: RunLabel, note: z.string().nullable(), by: z.string(), at: z.string() });
export type StoredRunLabel = z.infer<typeof StoredRunLabel>;

export class RunLabelError extends Error {}

const key = (runId: string) => `run-label:${runId}`;

/**
 * Labels a run right or wrong (the latest label wins) and audits it. Only runs that exist can be
 * labelled; the note is the operator's words, kept short.
 */
export async function labelRun(store: Store, input: { runId: string; label: RunLabel; note?: string; by: string; at: Date }): Promise<StoredRunLabel> {
  const run = await store.getRun(input.runId);
  if (!run) throw new RunLabelError(`run '${input.runId}' does not exist`);
  const parsed = RunLabelInput.parse({ label: input.label, ...(input.note === undefined ? {} : { note: input.note }) });
  const stored: StoredRunLabel = { runId: run.id, label: parsed.label, note: parsed.note || null, by: input.by, at: input.at.toISOString() };
  await store.setKv(key(run.id), stored);
  await store.appendAudit({
    type: 'run.labelled',
    runId: run.id,
    ticketId: run.ticketId,
    clientId: run.clientId,
    remediationId: run.remediationId,
    outcome: stored.label,
    actor: input.by,
    data: { label: stored.label, note: stored.note, state: run.state },
  });
  return stored;
}

export async function runLabelOf(store: Store, runId: string): Promise<StoredRunLabel | null> {
  const raw = await store.getKv(key(runId));
  const parsed = StoredRunLabel.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
