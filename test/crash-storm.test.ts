import { afterAll, describe, it, type ExpectStatic } from 'vitest';
import { roomyRateLimits, startCluster, type AppCluster } from '../support/cluster/app-cluster.js';
import { details, figures, setMailboxByIdentity, sleep, until, writeBacksOf } from '../support/cluster/checks.js';
import { crowdedWorld, fullMailbox } from '../support/cluster/crowded-world.js';
import { startDurableRedis } from '../support/cluster/durable-redis.js';
import { runStorm, type StormResult } from '../support/cluster/storm.js';

/**
 * Every cluster here runs with the missed-webhook reconcile off (`reconcile: false`): it would
 * otherwise rescue a ticket whose accepted signal was dropped within a minute, and 'nothing
 * lost' would pass while something was lost.
 *
 * SIGKILL at random points of the loop, many times, with tickets in flight; then everything
 * restarts and settles, and the store and the simulators are checked: nothing lost, nothing
 * done twice, every write-back landed once. Set STORM_SEED to replay a storm.
 */
const redis = await startDurableRedis();
afterAll(async () => redis?.stop());

const roomy = roomyRateLimits();

/** Each test owns its cluster; the tests run concurrently (their long waits overlap). */
async function withCluster<T>(o: Parameters<typeof startCluster>[0], body: (c: AppCluster) => Promise<T>): Promise<T> {
  const c = await startCluster(o);
  try {
    await c.startAll();
    return await body(c);
  } finally {
    await c.close();
  }
}

const seed = Number(process.env.STORM_SEED ?? Date.now() % 1_000_000);

function report(name: string, r: StormResult, startedAt: number): void {
  figures(name, {
    seed: r.seed,
    crashesInjected: r.crashes,
    tickets: r.tickets.length,
    signalsAccepted: r.accepted,
    callbacksResent: r.resent,
    signalsLost: r.lost.length,
    reconcileReads: r.reconcileReads,
    duplicateActions: r.duplicateActions.length,
    resolvedWithoutExactlyOneAction: r.missingActions.length,
    writeBacksDuplicatedOrMissing: r.writeBackProblems.length,
    notResolved: r.notResolved.length,
    auditChainOk: r.auditOk,
    stormMs: r.stormMs,
    settleMs: r.settleMs,
    totalMs: Date.now() - startedAt,
  });
  details(name, [...r.lost, ...r.duplicateActions, ...r.missingActions, ...r.writeBackProblems, ...r.notResolved]);
}

function expectClean(expect: ExpectStatic, r: StormResult, c: AppCluster): void {
  expect.soft(r.lost, 'signals lost (a ticket rescued by the reconcile counts)').toEqual([]);
  // The reconcile is off so it cannot hide a lost signal; this proves it really never ran.
  expect.soft(r.reconcileReads, 'reads by the missed-webhook reconcile').toBe(0);
  expect.soft(r.duplicateActions, 'actions done twice').toEqual([]);
  expect.soft(r.missingActions, 'resolved runs without exactly one action').toEqual([]);
  expect.soft(r.writeBackProblems, 'write-backs duplicated or missing').toEqual([]);
  expect.soft(r.notResolved, 'tickets not resolved').toEqual([]);
  expect.soft(r.settled, 'the store settled').toBe(true);
  expect.soft(r.auditOk, 'audit chain verifies').toBe(true);
  expect.soft(r.accepted, 'every ticket accepted').toBe(r.tickets.length);
  expect.soft(c.unexpectedExits.map((e) => `instance ${e.index}: ${e.code ?? e.signal} ${e.stderr.slice(-500)}`), 'instances that died on their own').toEqual([]);
}

// These run at the same time: most of each is waiting for leases and locks to expire.
describe.concurrent('crash storms', () => {
  it.skipIf(!redis)('Redis: an instance (re)starting while another is mid-act does not make the change a second time', async ({ expect }) => {
    const mailbox = fullMailbox(1);
    await withCluster({ instances: 2, redisUrl: redis!.url, redisPrefix: `restart-mid-act-${Date.now()}:`, world: crowdedWorld(1), configure: roomy, reconcile: false }, async (c) => {
      // Instance 0 takes the ticket; Exchange holds its Set-Mailbox before applying it.
      c.gate.hold('Set-Mailbox');
      const { ticketId, delivery } = await c.createTicketUndelivered(mailbox);
      expect(await c.post(0, delivery)).toBe(202);
      await until('the Set-Mailbox to reach Exchange', () => c.gate.waiting('Set-Mailbox') === 1, 30_000, 20);
      const store = await c.openStore();
      try {
        const [run] = await store.listRuns({ ticketId: String(ticketId) });
        expect(run!.state).toBe('acting');
        // Instance 1 is restarted (a deploy, a crash elsewhere) while instance 0 is still acting.
        await c.restart(1);
        // Give the restarted instance time to do whatever it does with the runs it finds.
        await until('a second Set-Mailbox', () => (setMailboxByIdentity(c.m365).get(mailbox) ?? 0) > 0, 8000, 100).catch(() => undefined);
        const whileHeld = setMailboxByIdentity(c.m365).get(mailbox) ?? 0;
        c.gate.release();
        await until('the ticket to be resolved', () => c.connectwise.ticket(ticketId).status?.name === 'Resolved', 60_000);
        await until('its time entry', () => writeBacksOf(c.connectwise, ticketId, run!.id).timeEntries.length > 0, 30_000);
        await sleep(1000);
        const acts = setMailboxByIdentity(c.m365).get(mailbox) ?? 0;
        const wb = writeBacksOf(c.connectwise, ticketId, run!.id);
        const acted = await store.queryAudit({ runId: run!.id, type: 'acted' });
        figures('restart while another instance acts', { setMailboxWhileFirstHeld: whileHeld, setMailboxTotal: acts, actedEvents: acted.length, resolutionNotes: wb.resolutionNotes.length });
        // The run is instance 0's: the restarted instance must not send the change again.
        expect.soft(whileHeld, 'Set-Mailbox calls sent by the restarted instance while the first was in flight').toBe(0);
        expect.soft(acts, 'Set-Mailbox calls in total').toBe(1);
        expect.soft(wb.resolutionNotes).toHaveLength(1);
        expect.soft(wb.timeEntries).toHaveLength(1);
      } finally {
        await store.close();
      }
    });
  }, 120_000);

  it('a process killed after its note and time entry landed, before it heard back: neither is written again', async ({ expect }) => {
    const mailbox = fullMailbox(1);
    await withCluster({ instances: 1, world: crowdedWorld(1), configure: roomy, reconcile: false }, async (c) => {
      // ConnectWise stores the resolution note and the time entry, but their answers are held.
      c.answers.hold('POST', /\/service\/tickets\/\d+\/notes$/);
      c.answers.hold('POST', /\/time\/entries$/);
      const ticketId = await c.createTicket(mailbox);
      const store = await c.openStore();
      try {
        let runId = '';
        await until('the run', async () => {
          runId = (await store.listRuns({ ticketId: String(ticketId) }))[0]?.id ?? '';
          return runId !== '';
        });
        await until('the note and the time entry to land in the PSA', () => {
          const wb = writeBacksOf(c.connectwise, ticketId, runId);
          return wb.resolutionNotes.length === 1 && wb.timeEntries.length === 1;
        });
        // The process dies waiting for the answers; they go nowhere.
        await c.kill(0);
        c.answers.release();
        const killedAt = Date.now();
        await c.start(0);
        // The killed process's outbox lease (60 s) has to run out before the items are due again.
        await until('the outbox to be delivered again', async () => (await store.listOutbox({ runId, delivered: false })).length === 0, 150_000, 500);
        await sleep(1500);
        const wb = writeBacksOf(c.connectwise, ticketId, runId);
        figures('killed after the write-back landed', { resolutionNotes: wb.resolutionNotes.length, timeEntries: wb.timeEntries.length, redeliveredAfterMs: Date.now() - killedAt });
        expect.soft(wb.resolutionNotes, 'resolution notes in the PSA').toHaveLength(1);
        expect.soft(wb.timeEntries, 'time entries in the PSA').toHaveLength(1);
        expect.soft(wb.status).toBe('Resolved');
      } finally {
        await store.close();
      }
    });
  }, 240_000);

  it.skipIf(!redis)('Redis, three instances: random SIGKILLs during the loop lose nothing, do nothing twice, write back once', async ({ expect }) => {
    const startedAt = Date.now();
    const TICKETS = 16;
    await withCluster({ instances: 3, redisUrl: redis!.url, redisPrefix: `storm-${Date.now()}:`, world: crowdedWorld(TICKETS), configure: roomy, reconcile: false }, async (c) => {
      const result = await runStorm(
        {
          cluster: c,
          mailboxes: Array.from({ length: TICKETS }, (_, i) => fullMailbox(i + 1)),
          kills: 15,
          durationMs: 24_000,
          seed,
          setMailboxDelayMs: 1200,
          psaLatencyMs: 150,
          // A job held by a killed BullMQ worker comes back after its 60 s lock and a 30 s stall
          // check; an outbox item leased by a killed process after its 60 s lease.
          settleTimeoutMs: 150_000,
        },
        () => c.openStore(),
      );
      report('crash storm redis x3', result, startedAt);
      expectClean(expect, result, c);
    });
  }, 300_000);

  it('SQLite, one instance: random SIGKILLs during the loop lose nothing, do nothing twice, write back once', async ({ expect }) => {
    const startedAt = Date.now();
    const TICKETS = 8;
    await withCluster({ instances: 1, world: crowdedWorld(TICKETS), configure: roomy, reconcile: false }, async (c) => {
      const result = await runStorm(
        {
          cluster: c,
          mailboxes: Array.from({ length: TICKETS }, (_, i) => fullMailbox(i + 1)),
          kills: 5,
          durationMs: 10_000,
          seed: seed + 1,
          setMailboxDelayMs: 1200,
          psaLatencyMs: 150,
          settleTimeoutMs: 100_000,
        },
        () => c.openStore(),
      );
      report('crash storm sqlite x1', result, startedAt);
      expectClean(expect, result, c);
    });
  }, 240_000);
});
