import type { Run } from '../model/run.js';
import { markerFor } from './notes.js';

/** The internal note for the technician who picks up a reopened ticket: what the loop did and how it checked it. */
export function reopenNote(run: Run, replyAt: string, publicUrl: string): string {
  const calls = run.plan?.calls.map((c) => `  - ${c.method} ${c.url}: ${c.summary}`).join('\n') ?? '  - none recorded';
  return [
    `The requester replied at ${replyAt} after automation resolved this ticket, so it is back with a technician. Automation will not act on this ticket again.`,
    `What was done: ${run.plan?.summary ?? run.remediationId ?? 'unknown'} (remediation ${run.remediationId ?? 'none'}, done at ${run.actedAt ?? 'unknown'}).`,
    `Calls:\n${calls}`,
    `Validation: ${run.validation ? `${run.validation.ok ? 'passed' : 'failed'}: ${run.validation.message}` : 'none recorded'}`,
    `Run: ${publicUrl.replace(/\/$/, '')}/console/#/runs/${encodeURIComponent(run.id)}`,
    `Audit reference: run ${run.id}.`,
    markerFor(run.id, 'reopen'),
  ].join('\n');
}
