import type { CallLogEntry } from '../../mocks/connectwise/types.js';
import type { SimCall } from '../../mocks/m365/sim-context.js';
import type { Sandbox } from '../../src/sandbox/start-sandbox.js';
import type { Attempt } from './attempt-recorder.js';
import { createTicketViaApi, settle, type BenchSandbox } from './bench-sandbox.js';
import { FULL_MAILBOX_SUMMARY, type BenchMailbox } from './bench-world.js';
import { criticalPath, type CriticalPath } from './critical-path.js';

export interface ResolvedTicket {
  ticketId: number;
  email: string;
  /** From the simulated ConnectWise firing the ticket's callback to the ticket documented and Resolved; null if it never was. */
  alertToResolvedMs: number | null;
  runStates: string[];
  undeliveredOutbox: number;
  /** Outside calls as the app made them (`onAttempt`). */
  attempts: Attempt[];
  /** The same calls as the simulators served them (carries the Exchange cmdlet; includes the signing-key fetch). */
  cwCalls: CallLogEntry[];
  m365Calls: SimCall[];
  critical: CriticalPath;
  /** Signing-key fetches in this ticket's window (made before intake, outside `onAttempt`). */
  keyFetches: number;
  /** Calls in the window that were not about this ticket (the once-a-minute reconcile listing), left out of the above. */
  backgroundCalls: number;
}

/** The scheduled missed-webhook reconcile lists tickets (`GET /service/tickets`); no ticket's own work does. */
const isReconcileListing = (method: string, path: string) => method === 'GET' && path.split('?')[0] === '/service/tickets';

/**
 * The app's Exchange attempts all read `POST /InvokeCommand` (the cmdlet is in the body): name
 * them from the simulator's log, matching in order (one ticket at a time, so the orders agree).
 */
function withCmdlets(attempts: Attempt[], m365: SimCall[]): Attempt[] {
  const cmdlets = m365.filter((c) => c.system === 'exchange').map((c) => c.cmdlet ?? '?');
  let i = 0;
  return attempts.map((a) => (a.system === 'exchange' ? { ...a, endpoint: `InvokeCommand ${cmdlets[i++] ?? '?'}` } : a));
}

/** Documented back: status Resolved, a resolution note and a time entry on the simulated ticket. */
export function isDocumented(sb: Sandbox, ticketId: number): boolean {
  const state = sb.connectwise.state;
  const ticket = state.tickets.find((t) => t.id === ticketId);
  if (ticket?.status?.name !== 'Resolved') return false;
  return state.notes.some((n) => n.ticketId === ticketId && n.resolutionFlag) && state.timeEntries.some((e) => e.chargeToId === ticketId);
}

/** Resolves as soon as the ticket is documented: checked after every outside call the app makes, and every 5 ms. */
function whenDocumented(b: BenchSandbox, ticketId: () => number | undefined, timeoutMs: number): Promise<{ at: number; perf: number } | null> {
  return new Promise((resolve) => {
    const check = () => {
      const id = ticketId();
      if (id === undefined || !isDocumented(b.sb, id)) return;
      done({ at: Date.now(), perf: performance.now() });
    };
    const unsubscribe = b.recorder.subscribe(check);
    const poll = setInterval(check, 5);
    const timer = setTimeout(() => done(null), timeoutMs);
    function done(v: { at: number; perf: number } | null) {
      unsubscribe();
      clearInterval(poll);
      clearTimeout(timer);
      resolve(v);
    }
  });
}

/**
 * Raises one full-mailbox ticket through the simulated ConnectWise API as the dispatcher and
 * waits until the app has resolved it and everything has settled. One ticket at a time, so every
 * outside call in the window belongs to it.
 */
export async function resolveOneTicket(b: BenchSandbox, mailbox: BenchMailbox, timeoutMs = 60_000): Promise<ResolvedTicket> {
  const { sb, recorder } = b;
  const mark = recorder.mark();
  const cw0 = sb.connectwise.calls.length;
  const m0 = sb.m365.calls.length;
  // Watching starts before the ticket exists: the app may document it before the create call returns here.
  const current: { id?: number } = {};
  const documented = whenDocumented(b, () => current.id, timeoutMs);
  const ticketId = await createTicketViaApi(sb, { summary: FULL_MAILBOX_SUMMARY, psaCompanyId: mailbox.psaCompanyId, contactEmail: mailbox.email });
  current.id = ticketId;
  const seen = await documented;
  await settle(sb);

  const delivery = sb.connectwise.deliveries.find((d) => d.ticketId === ticketId && d.action === 'added');
  const firedAt = delivery ? Date.parse(delivery.at) : null;
  const all = recorder.since(mark);
  const attempts = all.filter((a) => !(a.system === 'connectwise' && isReconcileListing(a.method, a.path)));
  const onPath = seen ? attempts.filter((a) => a.end <= seen.perf + 1) : attempts;
  // The benchmark's own ticket creation is not the app's call.
  const cwCalls = sb.connectwise.calls.slice(cw0).filter((c) => !(c.method === 'POST' && c.path === '/service/tickets') && !isReconcileListing(c.method, c.path));
  const runs = await sb.app.store.listRuns({ ticketId: String(ticketId) });
  let undelivered = 0;
  for (const r of runs) undelivered += (await sb.app.store.listOutbox({ runId: r.id, delivered: false })).length;
  const keyFetches = cwCalls.filter((c) => c.path.startsWith('/system/callbackkeys/')).length;
  const critical = criticalPath(withCmdlets(onPath, sb.m365.calls.slice(m0)));
  return {
    ticketId,
    email: mailbox.email,
    alertToResolvedMs: seen && firedAt !== null ? seen.at - firedAt : null,
    runStates: runs.map((r) => r.state),
    undeliveredOutbox: undelivered,
    attempts,
    cwCalls,
    m365Calls: sb.m365.calls.slice(m0),
    critical: { ...critical, calls: critical.calls + keyFetches },
    keyFetches,
    backgroundCalls: all.length - attempts.length,
  };
}
