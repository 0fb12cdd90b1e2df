import { afterAll, describe, it } from 'vitest';
import type { Store } from '../src/store/store.js';
import { roomyRateLimits, startCluster, type AppCluster } from '../support/cluster/app-cluster.js';
import { figures, inFlight, rescuedByReconcile, setMailboxByIdentity, sleep, until, writeBacksOf } from '../support/cluster/checks.js';
import { crowdedWorld, fullMailbox } from '../support/cluster/crowded-world.js';
import { startDurableRedis, type DurableRedis } from '../support/cluster/durable-redis.js';

/**
 * Outages of what the instances depend on: the PSA (ConnectWise answers 503 to everything for
 * a while) and Redis itself (killed and started again on the same port with its AOF).
 * The missed-webhook reconcile is off in every cluster here: it would rescue a ticket whose
 * accepted signal was dropped, and 'nothing lost' would pass while something was lost.
 */
const shared = await startDurableRedis();
const extraRedis: DurableRedis[] = [];
afterAll(async () => {
  await shared?.stop();
  await Promise.all(extraRedis.map((r) => r.stop()));
});

const roomy = roomyRateLimits();

/** Each test owns its cluster and store handle; the tests run concurrently (their waits overlap). */
async function withCluster<T>(o: Parameters<typeof startCluster>[0], body: (c: AppCluster, s: Store) => Promise<T>): Promise<T> {
  const c = await startCluster(o);
  let s: Store | undefined;
  try {
    await c.startAll();
    s = await c.openStore();
    return await body(c, s);
  } finally {
    await s?.close();
    await c.close();
  }
}

/** A redis-server of the test's own, so killing it touches no other test. */
async function ownRedis(): Promise<DurableRedis> {
  const r = await startDurableRedis();
  if (!r) throw new Error('redis-server vanished');
  extraRedis.push(r);
  return r;
}

/**
 * Per ticket: exactly one effective run, from its callback (a run the reconcile made means the
 * accepted signal was lost), resolved, one Set-Mailbox, one note, one time entry. And the
 * reconcile never ran, so it cannot have hidden a loss.
 */
async function checkResolvedOnce(c: AppCluster, s: Store, tickets: { id: number; mailbox: string }[]): Promise<string[]> {
  const problems: string[] = [];
  if (c.reconcileReads() !== 0) problems.push(`the reconcile ran (${c.reconcileReads()} reads) although the cluster has it off`);
  const acts = setMailboxByIdentity(c.m365);
  for (const t of tickets) {
    const runs = (await s.listRuns({ ticketId: String(t.id) })).filter((r) => r.state !== 'duplicate');
    if (runs.length !== 1) {
      problems.push(`ticket ${t.id}: ${runs.length} runs (${runs.map((r) => r.state).join(',')})`);
      continue;
    }
    const run = runs[0]!;
    problems.push(...(await rescuedByReconcile(s, [run])));
    const wb = writeBacksOf(c.connectwise, t.id, run.id);
    if (run.state !== 'resolved') problems.push(`ticket ${t.id}: run ${run.state} ${run.escalationReason ?? ''} ${run.detail ?? ''}`);
    if ((acts.get(t.mailbox) ?? 0) !== 1) problems.push(`${t.mailbox}: ${acts.get(t.mailbox) ?? 0} Set-Mailbox calls`);
    if (wb.resolutionNotes.length !== 1) problems.push(`ticket ${t.id}: ${wb.resolutionNotes.length} resolution notes`);
    if (wb.timeEntries.length !== 1) problems.push(`ticket ${t.id}: ${wb.timeEntries.length} time entries`);
    if (wb.status !== 'Resolved') problems.push(`ticket ${t.id}: status ${wb.status}`);
  }
  return problems;
}

(shared ? describe.concurrent : describe.skip)('outages', () => {
  it('ConnectWise down during write-back: notes, statuses and time entries land once each when it is back', async ({ expect }) => {
    const TICKETS = 6;
    const OUTAGE_MS = 6000;
    await withCluster({ instances: 2, redisUrl: shared!.url, redisPrefix: `psa-outage-${Date.now()}:`, world: crowdedWorld(TICKETS), configure: roomy, reconcile: false }, async (c, s) => {
      // Every run reads its ticket and gets as far as the change; Exchange holds the changes.
      c.gate.hold('Set-Mailbox', TICKETS);
      const tickets: { id: number; mailbox: string }[] = [];
      for (let n = 1; n <= TICKETS; n++) tickets.push({ id: await c.createTicket(fullMailbox(n)), mailbox: fullMailbox(n) });
      await until('every run to reach the change', () => c.gate.waiting('Set-Mailbox') === TICKETS, 30_000, 50);

      // The PSA goes down, then the changes land: every write-back meets the outage.
      c.connectwise.faults.outage(true);
      const outageStarted = Date.now();
      c.gate.release();
      // Each delivery re-reads its ticket first (the company check), so a write-back meets the outage on that GET.
      await until('write-backs to be refused by the outage', () => c.connectwise.calls.filter((x) => x.fault === 'outage').length >= TICKETS, 20_000, 50);
      const queuedDuringOutage = (await s.listOutbox({ delivered: false })).length;
      const deliveredDuringOutage = (await s.listOutbox({ delivered: true })).length;
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));
      c.connectwise.faults.outage(false);
      const recovered = Date.now();
      // Once writes land again, it is flaky for a moment: a note and a time entry land but their
      // answers are lost (504), so the outbox must find them by their marker instead of posting twice.
      // (Injected after the first success, so the circuit breaker is closed and one 504 does not re-open it.)
      const landed = () => c.connectwise.calls.filter((x) => x.method !== 'GET' && !x.fault && x.status < 300 && x.at >= new Date(recovered).toISOString()).length;
      await until('the first write-back after the outage', () => landed() > 0, 120_000, 50);
      c.connectwise.faults.loseResponseNext(1, { path: /^\/service\/tickets\/\d+\/notes$/, method: 'POST' });
      c.connectwise.faults.loseResponseNext(1, { path: '/time/entries', method: 'POST' });

      await until('every ticket resolved and documented', async () => {
        const f = await inFlight(s);
        return f.undelivered === 0 && f.active.length === 0 && tickets.every((t) => c.connectwise.ticket(t.id).status?.name === 'Resolved');
      }, 120_000, 250);
      const catchUpMs = Date.now() - recovered;
      await sleep(1000);
      const problems = await checkResolvedOnce(c, s, tickets);
      const refused = c.connectwise.calls.filter((x) => x.fault === 'outage' && x.method !== 'GET').length;
      const lostAnswers = c.connectwise.calls.filter((x) => x.fault?.startsWith('loseResponseNext')).length;
      const mine = (ticketId: number) => tickets.some((t) => t.id === ticketId);
      const notesInPsa = c.connectwise.state.notes.filter((n) => mine(n.ticketId) && n.resolutionFlag).length;
      const timeEntriesInPsa = c.connectwise.state.timeEntries.filter((e) => e.chargeToId !== null && mine(e.chargeToId)).length;
      figures('PSA outage during write-back', {
        tickets: TICKETS,
        outageMs: OUTAGE_MS,
        writeBacksQueuedDuringOutage: queuedDuringOutage,
        deliveredDuringOutage,
        writeAttemptsRefused503: refused,
        answersLost504AfterOutage: lostAnswers,
        resolutionNotesInPsa: notesInPsa,
        timeEntriesInPsa,
        problems: problems.length,
        catchUpMs,
      });
      expect(deliveredDuringOutage).toBe(0);
      expect(queuedDuringOutage).toBeGreaterThanOrEqual(TICKETS * 3);
      expect(lostAnswers).toBe(2);
      expect(problems).toEqual([]);
      // Exactly one note and one time entry per ticket were ever created in the PSA.
      expect(notesInPsa).toBe(TICKETS);
      expect(timeEntriesInPsa).toBe(TICKETS);
      expect(c.unexpectedExits).toEqual([]);
    });
  }, 180_000);

  it('Redis down: a webhook answers 503 promptly (ConnectWise retries), and 2xx once Redis is back', async ({ expect }) => {
    const redis = await ownRedis();
    await withCluster({ instances: 2, redisUrl: redis.url, redisPrefix: 'redis-503:', world: crowdedWorld(1), configure: roomy, reconcile: false }, async (c, s) => {
      const mailbox = fullMailbox(1);
      const { ticketId, delivery } = await c.createTicketUndelivered(mailbox);

      await redis.crash();
      const t0 = Date.now();
      const whileDown = await c.post(0, delivery, 5000);
      const answerMs = Date.now() - t0;
      await sleep(1000);
      await redis.start();
      const restartedAt = Date.now();
      let after = 0;
      let resent = 0;
      for (; resent < 30 && !(after >= 200 && after < 300); resent++) {
        after = await c.post(resent % 2, delivery, 5000);
        if (!(after >= 200 && after < 300)) await sleep(500);
      }
      const backMs = Date.now() - restartedAt;
      await until('the ticket to resolve', () => c.connectwise.ticket(ticketId).status?.name === 'Resolved', 60_000, 200).catch(() => undefined);
      const problems = await checkResolvedOnce(c, s, [{ id: ticketId, mailbox }]);
      figures('webhook while Redis is down', { statusWhileDown: whileDown === 0 ? 'no answer in 5 s' : whileDown, answerMs, statusAfter: after, postsUntil2xx: resent, msUntil2xx: backMs, problems: problems.length });

      // ConnectWise gives up after its timeout: the answer must come before it, and be a 503.
      expect.soft(whileDown, 'status of a webhook while Redis is down (0 = no answer within 5 s)').toBe(503);
      expect(after === 200 || after === 202).toBe(true);
      expect(problems).toEqual([]);
      expect(c.unexpectedExits).toEqual([]);
    });
  }, 120_000);

  it('Redis killed and restarted with tickets in flight: the instances recover, no accepted signal is lost, every ticket resolves once', async ({ expect }) => {
    const TICKETS = 12;
    // About 3 s: long enough for both Redis clients of each instance to be reconnecting.
    const DOWN_MS = 3000;
    const redis = await ownRedis();
    await withCluster({ instances: 3, redisUrl: redis.url, redisPrefix: 'redis-restart:', world: crowdedWorld(TICKETS + 1), configure: roomy, reconcile: false }, async (c, s) => {
      c.gate.delay('Set-Mailbox', () => Math.round(Math.random() * 800));
      c.connectwise.faults.latency(100);

      const tickets: { id: number; mailbox: string }[] = [];
      const create = async (n: number) => tickets.push({ id: await c.createTicket(fullMailbox(n)), mailbox: fullMailbox(n) });
      // Four tickets get going, Redis dies, five more arrive while it is down, three after.
      for (let n = 1; n <= 4; n++) {
        await create(n);
        await sleep(400);
      }
      await redis.crash();
      const crashedAt = Date.now();
      const back = sleep(DOWN_MS).then(() => redis.start());
      for (let n = 5; n <= 9; n++) {
        await create(n);
        await sleep(300);
      }
      await back;
      const backAt = Date.now();
      for (let n = 10; n <= TICKETS; n++) {
        await create(n);
        await sleep(300);
      }
      await c.connectwise.flushCallbacks();
      c.gate.reset();
      c.connectwise.faults.reset();

      // What ConnectWise saw, then its retries of whatever did not get a 2xx.
      const first = tickets.map((t) => c.connectwise.deliveries.find((d) => d.ticketId === t.id && d.action === 'added')!);
      const ok = (status: number | null) => status !== null && status >= 200 && status < 300;
      let resent = 0;
      for (const d of first) {
        if (ok(d.status)) continue;
        let status = 0;
        for (let attempt = 0; attempt < 30 && !ok(status); attempt++) {
          resent++;
          status = await c.post(c.anyUp(), d, 5000);
          if (!ok(status)) await sleep(500);
        }
      }

      await until('every ticket to resolve', async () => {
        const f = await inFlight(s);
        return f.active.length === 0 && f.unprocessed === 0 && f.undelivered === 0 && tickets.every((t) => c.connectwise.ticket(t.id).status?.name === 'Resolved');
        // Signals the queue refused while Redis came back are re-queued by a 10-second sweep.
      }, 60_000, 250).catch(() => undefined);
      const f = await inFlight(s);
      const problems = await checkResolvedOnce(c, s, tickets);
      // Tickets whose run came from the missed-webhook reconcile, not from their callback (0 with it off).
      const rescued = await rescuedByReconcile(s, f.runs);
      const stuck = tickets.filter((t) => c.connectwise.ticket(t.id).status?.name === 'New').map((t) => t.id);
      // The instances recovered: a ticket created now is handled end to end.
      const probe = { id: await c.createTicket(fullMailbox(TICKETS + 1)), mailbox: fullMailbox(TICKETS + 1) };
      await until('a ticket after the restart to resolve', () => c.connectwise.ticket(probe.id).status?.name === 'Resolved', 30_000, 200).catch(() => undefined);

      figures('Redis restarted under load', {
        tickets: TICKETS,
        redisDownMs: backAt - crashedAt,
        callbacks2xx: first.filter((d) => ok(d.status)).length,
        callbacks503: first.filter((d) => d.status === 503).length,
        callbacksOther: first.filter((d) => !ok(d.status) && d.status !== 503).map((d) => d.status ?? d.error ?? 'none').join('|') || 0,
        resent,
        acceptedSignalsNeverProcessed: f.unprocessed,
        ticketsRescuedByReconcile: rescued.length,
        reconcileReads: c.reconcileReads(),
        runsNotTerminal: f.active.length,
        ticketsStillNew: stuck.length,
        problems: problems.length,
        probeAfterRestart: c.connectwise.ticket(probe.id).status?.name ?? '?',
        instancesDied: c.unexpectedExits.length,
      });
      expect.soft(f.unprocessed, 'accepted signals never turned into a run').toBe(0);
      expect.soft(stuck, 'tickets never picked up').toEqual([]);
      expect.soft(problems).toEqual([]);
      expect.soft(c.connectwise.ticket(probe.id).status?.name, 'a ticket created after the restart').toBe('Resolved');
      expect(c.unexpectedExits).toEqual([]);
    });
  }, 180_000);
});
