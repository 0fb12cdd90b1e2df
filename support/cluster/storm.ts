import type { CallbackDelivery } from '../../mocks/connectwise/types.js';
import type { Run } from '../../src/model/run.js';
import type { Store } from '../../src/store/store.js';
import type { AppCluster } from './app-cluster.js';
import { inFlight, rescuedByReconcile, setMailboxByIdentity, sleep, until, writeBacksOf } from './checks.js';

/** A small seeded PRNG (mulberry32), so a failing storm can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StormOptions {
  cluster: AppCluster;
  /** One distinct full mailbox per ticket. */
  mailboxes: string[];
  kills: number;
  /** Tickets are created and kills injected over about this long. */
  durationMs: number;
  seed: number;
  /** Longest extra wait of Set-Mailbox before Exchange applies it (widens the act window). */
  setMailboxDelayMs: number;
  /** Extra latency on every ConnectWise call (widens the read and write-back windows). */
  psaLatencyMs: number;
  settleTimeoutMs: number;
}

export interface StormResult {
  seed: number;
  crashes: number;
  tickets: { id: number; mailbox: string }[];
  /** Tickets whose callback an instance answered 2xx (the ConnectWise delivery or a re-send). */
  accepted: number;
  /** ConnectWise reads made by the missed-webhook reconcile (run the storm with it off: 0). */
  reconcileReads: number;
  /** Callbacks re-sent after a failed delivery (502/503/no answer), as ConnectWise would. */
  resent: number;
  settled: boolean;
  settleMs: number;
  stormMs: number;
  runs: Run[];
  lost: string[];
  duplicateActions: string[];
  missingActions: string[];
  writeBackProblems: string[];
  notResolved: string[];
  auditOk: boolean;
}

const ok = (status: number | null | undefined) => status !== null && status !== undefined && status >= 200 && status < 300;

/**
 * Creates tickets and SIGKILLs random instances at random moments while the loop runs, then
 * restarts everything, re-sends the callbacks that never got a 2xx, waits for the store to
 * settle and checks every invariant against the simulators and the store.
 */
export async function runStorm(o: StormOptions, store: () => Promise<Store>): Promise<StormResult> {
  const c = o.cluster;
  const rand = seededRandom(o.seed);
  const between = (lo: number, hi: number) => Math.round(lo + rand() * (hi - lo));
  c.gate.delay('Set-Mailbox', () => between(0, o.setMailboxDelayMs));
  c.connectwise.faults.latency(o.psaLatencyMs);

  const tickets: { id: number; mailbox: string }[] = [];
  const restarts: Promise<void>[] = [];
  let crashes = 0;
  const started = Date.now();
  const spacing = o.durationMs / Math.max(1, o.mailboxes.length);
  const killEvery = o.durationMs / Math.max(1, o.kills);

  const creator = (async () => {
    for (const mailbox of o.mailboxes) {
      tickets.push({ id: await c.createTicket(mailbox), mailbox });
      await sleep(between(spacing * 0.3, spacing * 1.7));
    }
  })();
  const killer = (async () => {
    while (crashes < o.kills) {
      await sleep(between(killEvery * 0.4, killEvery * 1.6));
      const up = c.instances.filter((i) => i.up);
      const victim = up[Math.floor(rand() * up.length)];
      if (!victim) continue;
      await c.kill(victim.index);
      crashes++;
      const pause = between(0, 600);
      const restart = sleep(pause).then(() => c.start(victim.index));
      // With one instance there is nothing else to kill while it is down.
      if (c.instances.length === 1) await restart;
      else restarts.push(restart);
    }
  })();
  await Promise.all([creator, killer]);
  await Promise.all(restarts);
  await Promise.all(c.instances.map((i) => c.start(i.index)));
  const stormMs = Date.now() - started;
  c.gate.reset();
  c.connectwise.faults.reset();
  await c.connectwise.flushCallbacks();

  // ConnectWise re-sends what failed: the same signed bytes, until an instance answers 2xx.
  const answered = new Set<number>();
  for (const d of c.connectwise.deliveries) if (d.action === 'added' && ok(d.status)) answered.add(d.ticketId);
  let resent = 0;
  for (const t of tickets) {
    if (answered.has(t.id)) continue;
    const delivery = c.connectwise.deliveries.find((d: CallbackDelivery) => d.ticketId === t.id && d.action === 'added');
    if (!delivery) continue;
    for (let attempt = 0; attempt < 20 && !answered.has(t.id); attempt++) {
      resent++;
      if (ok(await c.post(c.anyUp(), delivery))) answered.add(t.id);
      else await sleep(500);
    }
  }

  const s = await store();
  const settleStarted = Date.now();
  let settled = true;
  try {
    await until(
      'the store to settle (every run terminal, no unprocessed signal, outbox delivered)',
      async () => {
        const f = await inFlight(s);
        const withRun = new Set(f.runs.map((r) => Number(r.ticketId)));
        return f.active.length === 0 && f.unprocessed === 0 && f.undelivered === 0 && tickets.every((t) => !answered.has(t.id) || withRun.has(t.id));
      },
      o.settleTimeoutMs,
      500,
    );
  } catch {
    settled = false;
  }
  const settleMs = Date.now() - settleStarted;

  const snapshot = await inFlight(s);
  const runs = snapshot.runs;
  const acts = setMailboxByIdentity(c.m365);
  const lost: string[] = [];
  const duplicateActions: string[] = [];
  const missingActions: string[] = [];
  const writeBackProblems: string[] = [];
  const notResolved: string[] = [];
  // A ticket the reconcile rescued had its accepted signal lost first.
  lost.push(...(await rescuedByReconcile(s, runs)));
  if (snapshot.unprocessed > 0) lost.push(`${snapshot.unprocessed} accepted signal(s) never turned into a run`);
  for (const r of snapshot.active) lost.push(`run ${r.id} (ticket ${r.ticketId}) stuck in '${r.state}'`);
  for (const t of tickets) {
    const mine = runs.filter((r) => Number(r.ticketId) === t.id);
    const effective = mine.filter((r) => r.state !== 'duplicate');
    const n = acts.get(t.mailbox) ?? 0;
    if (n > 1) duplicateActions.push(`${t.mailbox}: Set-Mailbox ${n} times`);
    if (answered.has(t.id) && effective.length === 0) lost.push(`ticket ${t.id}: accepted, no run`);
    if (effective.length > 1) duplicateActions.push(`ticket ${t.id}: ${effective.length} effective runs`);
    const run = effective[0];
    if (!run) continue;
    if (run.state !== 'resolved') notResolved.push(`ticket ${t.id}: ${run.state}${run.escalationReason ? ` (${run.escalationReason}: ${run.detail ?? ''})` : ''}`);
    if (run.state === 'resolved' && n !== 1) missingActions.push(`${t.mailbox}: resolved with ${n} Set-Mailbox calls`);
    const wb = writeBacksOf(c.connectwise, t.id, run.id);
    if (run.state === 'resolved') {
      if (wb.resolutionNotes.length !== 1) writeBackProblems.push(`ticket ${t.id}: ${wb.resolutionNotes.length} resolution notes`);
      if (wb.timeEntries.length !== 1) writeBackProblems.push(`ticket ${t.id}: ${wb.timeEntries.length} time entries`);
      if (wb.status !== 'Resolved') writeBackProblems.push(`ticket ${t.id}: status '${wb.status}'`);
    } else if (run.state === 'escalated' && wb.escalationNotes.length !== 1) {
      writeBackProblems.push(`ticket ${t.id}: ${wb.escalationNotes.length} escalation notes`);
    }
  }
  const auditOk = (await s.verifyAudit()).ok;
  await s.close();
  return {
    seed: o.seed,
    crashes,
    tickets,
    accepted: answered.size,
    reconcileReads: c.reconcileReads(),
    resent,
    settled,
    settleMs,
    stormMs,
    runs,
    lost,
    duplicateActions,
    missingActions,
    writeBackProblems,
    notResolved,
    auditOk,
  };
}
