import type { Run } from '../../src/model/run.js';
import type { Sandbox } from '../../src/sandbox/start-sandbox.js';
import { cwGet, notesOf, settle, statusOf, type CwNote } from './sandbox-kit.js';

/** Polls until `probe` returns a value (alert runs settle for a couple of seconds before deciding). */
export async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TERMINAL = ['resolved', 'escalated', 'rolled_back', 'dry_run', 'duplicate', 'awaiting_approval'];

/** The run started by the alert with this RMM alert id (from its classification), once it has finished. */
export async function finishedAlertRun(sb: Sandbox, match: (r: Run) => boolean, known: Set<string> = new Set()): Promise<Run> {
  const run = await until(async () => (await sb.app.store.listRuns({})).find((r) => !known.has(r.id) && match(r) && TERMINAL.includes(r.state)), 'the alert run to finish');
  await settle(sb);
  return run;
}

export interface TicketReadBack {
  companyId: number;
  summary: string;
  status: string;
  notes: CwNote[];
  timeEntries: unknown[];
}

/** Reads the run's ticket back through the simulated ConnectWise API, as a technician would. */
export async function cwTicket(sb: Sandbox, ticketId: string): Promise<TicketReadBack> {
  const t = await cwGet<{ company: { id: number }; summary: string }>(sb, `/service/tickets/${ticketId}`);
  return { companyId: t.company.id, summary: t.summary, status: await statusOf(sb, Number(ticketId)), notes: await notesOf(sb, Number(ticketId)), timeEntries: await cwGet<unknown[]>(sb, `/service/tickets/${ticketId}/timeentries`) };
}
