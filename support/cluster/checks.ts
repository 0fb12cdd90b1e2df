import type { ConnectWiseSimulator } from '../../mocks/connectwise/index.js';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { isTerminal, type Run } from '../../src/model/run.js';
import type { Store } from '../../src/store/store.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it holds; throws naming `what` (and the last detail) on timeout. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000, every = 100): Promise<void> {
  const end = Date.now() + ms;
  let last: unknown = null;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

/** Set-Mailbox calls Exchange actually received, per mailbox (lower-cased identity). */
export function setMailboxByIdentity(m365: M365Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of m365.calls) {
    if (c.cmdlet?.toLowerCase() !== 'set-mailbox') continue;
    const id = (c.identity ?? '?').toLowerCase();
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export const setMailboxTotal = (m365: M365Simulator) => m365.calls.filter((c) => c.cmdlet?.toLowerCase() === 'set-mailbox').length;

export const marker = (runId: string, purpose: string) => `[ticketfix:${runId}:${purpose}]`;

/** What landed in the PSA for one run: notes and time entries carrying its markers, status writes. */
export function writeBacksOf(cw: ConnectWiseSimulator, ticketId: number, runId: string) {
  const resolutionNotes = cw.state.notes.filter((n) => n.ticketId === ticketId && n.text.includes(marker(runId, 'resolution')));
  const escalationNotes = cw.state.notes.filter((n) => n.ticketId === ticketId && n.text.includes(marker(runId, 'escalation')));
  const timeEntries = cw.state.timeEntries.filter((t) => t.chargeToId === ticketId && `${t.notes} ${t.internalNotes}`.includes(marker(runId, 'resolution-time')));
  return { resolutionNotes, escalationNotes, timeEntries, status: cw.ticket(ticketId).status?.name };
}

/** Every run, newest first, from the shared store. */
export const allRuns = (store: Store): Promise<Run[]> => store.listRuns({});

export interface Settled {
  runs: Run[];
  active: Run[];
  unprocessed: number;
  undelivered: number;
}

/** A snapshot of what is still moving in the store. */
export async function inFlight(store: Store): Promise<Settled> {
  const runs = await allRuns(store);
  return {
    runs,
    active: runs.filter((r) => !isTerminal(r.state)),
    unprocessed: (await store.listUnprocessedSignals(10_000)).length,
    undelivered: (await store.listOutbox({ delivered: false })).length,
  };
}

/** One line for the lead to quote: `[figures] name: k=v, ...`. */
export function figures(name: string, values: Record<string, string | number | boolean>): void {
  const line = `[figures] ${name}: ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ')}`;
  // eslint-disable-next-line no-console -- the figure summary the lead quotes
  console.log(line);
}

/** The items behind a non-zero figure, one line each, so a failure can be diagnosed from the log. */
export function details(name: string, items: string[]): void {
  // eslint-disable-next-line no-console -- the evidence behind a failing figure
  for (const item of items) console.log(`[details] ${name}: ${item}`);
}

/**
 * Runs that came from the missed-webhook reconcile rather than from a delivered callback. In a
 * suite whose callbacks all got a 2xx (or were re-sent until they did), each one is an accepted
 * signal that was lost and then rescued: a loss, not a success.
 */
export async function rescuedByReconcile(store: Store, runs: Run[]): Promise<string[]> {
  const rescued: string[] = [];
  for (const r of runs) {
    const key = (await store.getSignal(r.signalId))?.deliveryKey ?? '';
    if (key.startsWith('reconcile:')) rescued.push(`ticket ${r.ticketId}: run ${r.id} came from the reconcile, not from its callback`);
  }
  return rescued;
}

/**
 * The reconcile's own read: recently changed tickets (`conditions=lastUpdated > [since]`). The
 * hourly self-check makes the same read with `since` one minute back; the reconcile looks at
 * least five minutes back (an hour on its first pass), which tells them apart.
 */
export function reconcileReadsOf(cw: Pick<ConnectWiseSimulator, 'calls'>): number {
  return cw.calls.filter((x) => {
    if (x.method !== 'GET' || x.path !== '/service/tickets') return false;
    const since = /lastUpdated > \[([^\]]+)\]/.exec(decodeURIComponent(x.query.replace(/\+/g, ' ')))?.[1];
    return since !== undefined && Date.parse(x.at) - Date.parse(since) >= 4 * 60_000;
  }).length;
}
