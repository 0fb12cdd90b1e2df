import type { Attempt } from './attempt-recorder.js';
import type { BenchSandbox } from './bench-sandbox.js';
import type { BenchMailbox } from './bench-world.js';
import { settledRun, type PsaDriver } from './psa-driver.js';

export interface PsaTicketResult {
  ticketId: string;
  state: string | null;
  /** The app's outside calls from the ticket's creation until its run settled (reconcile listings left out). */
  attempts: Attempt[];
  ms: number | null;
}

/** The scheduled reconcile's listings are not about one ticket. */
export const isListing = (a: Pick<Attempt, 'method' | 'path' | 'system'>): boolean => {
  const path = a.path.split('?')[0]!;
  if (a.system === 'connectwise') return a.method === 'GET' && path === '/service/tickets';
  if (a.system === 'autotask') return a.method === 'POST' && /\/Tickets\/query$/i.test(path);
  if (a.system === 'halopsa') return a.method === 'GET' && /\/Tickets$/i.test(path);
  return false;
};

/** Raises one ticket and waits until its run is settled (terminal, write-backs delivered). One at a time: every call in the window is the ticket's. */
export async function resolveOnPsa(b: BenchSandbox, d: PsaDriver, mailbox: BenchMailbox, timeoutMs = 60_000): Promise<PsaTicketResult> {
  const mark = b.recorder.mark();
  const started = performance.now();
  const ticketId = await d.createTicket(mailbox);
  let state: string | null = null;
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    await d.flush();
    const run = await settledRun(b.sb, d, ticketId);
    if (run) {
      state = run.state;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = state ? performance.now() - started : null;
  await b.sb.app.settle();
  return { ticketId, state, attempts: b.recorder.since(mark).filter((a) => !isListing(a)), ms };
}
