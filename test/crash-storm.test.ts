import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AppConfigInput } from '../src/config/schema.js';
import { startCluster, type AppCluster } from './support/cluster/app-cluster.js';
import { figures, setMailboxByIdentity, sleep, until, writeBacksOf } from './support/cluster/checks.js';
import { crowdedWorld, fullMailbox } from './support/cluster/crowded-world.js';
import { startDurableRedis } from './support/cluster/durable-redis.js';
import { runStorm, type StormResult } from './support/cluster/storm.js';

/**
 * SIGKILL at random points of the loop, many times, with tickets in flight; then everything
 * restarts and settles, and the store and the simulators are checked: nothing lost, nothing
 * done twice, every write-back landed once. Set STORM_SEED to replay a storm.
 */
const redis = await startDurableRedis();
afterAll(async () => redis?.stop());

const roomy = (cfg: AppConfigInput): AppConfigInput => ({
  ...cfg,
  globalRateLimit: { max: 1000, windowSeconds: 3600 },
  remediations: { ...cfg.remediations, 'mailbox-quota': { ...cfg.remediations?.['mailbox-quota'], rateLimit: { max: 1000, windowSeconds: 3600 } } },
});

let cluster: AppCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const seed = Number(process.env.STORM_SEED ?? Date.now() % 1_000_000);

function report(name: string, r: StormResult, startedAt: number): void {
  figures(name, {
    seed: r.seed,
    crashesInjected: r.crashes,
    tickets: r.tickets.length,
    signalsAccepted: r.accepted,
    callbacksResent: r.resent,
    signalsLost: r.lost.length,
    duplicateActions: r.duplicateActions.length,
    resolvedWithoutExactlyOneAction: r.missingActions.length,
    writeBacksDuplicatedOrMissing: r.writeBackProblems.length,
    notResolved: r.notResolved.length,
    auditChainOk: r.auditOk,
    stormMs: r.stormMs,
    settleMs: r.settleMs,
    totalMs: Date.now() - startedAt,
  });
}

function expectClean(r: StormResult, c: AppCluster): void {
  expect.soft(r.lost, 'signals lost').toEqual([]);
  expect.soft(r.duplicateActions, 'actions done twice').toEqual([]);
  expect.soft(r.missingActions, 'resolved runs without exactly one action').toEqual([]);
  expect.soft(r.writeBackProblems, 'write-backs duplicated or missing').toEqual([]);
  expect.soft(r.notResolved, 'tickets not resolved').toEqual([]);
  expect.soft(r.settled, 'the store settled').toBe(true);
  expect.soft(r.auditOk, 'audit chain verifies').toBe(true);
  expect.soft(r.accepted, 'every ticket accepted').toBe(r.tickets.length);
  expect.soft(c.unexpectedExits.map((e) => `instance ${e.index}: ${e.code ?? e.signal} ${e.stderr.slice(-500)}`), 'instances that died on their own').toEqual([]);
}

describe.skipIf(!redis)('crash storm on Redis (three instances)', () => {
  it('an instance (re)starting while another is mid-act does not make the change a second time', async () => {
    cluster = await startCluster({ instances: 2, redisUrl: redis!.url, redisPrefix: `restart-mid-act-${Date.now()}:`, world: crowdedWorld(1), configure: roomy });
    const c = cluster;
    await c.startAll();
    const mailbox = fullMailbox(1);
    // Instance 0 takes the ticket; Exchange holds its Set-Mailbox before applying it.
    c.gate.hold('Set-Mailbox');
    const { ticketId, delivery } = await c.createTicketUndelivered(mailbox);
    expect(await c.post(0, delivery)).toBe(202);
    await until('the Set-Mailbox to reach Exchange', () => c.gate.waiting('Set-Mailbox') === 1, 20_000, 20);
    const store = await c.openStore();
    try {
      const [run] = await store.listRuns({ ticketId: String(ticketId) });
      expect(run!.state).toBe('acting');
      // Instance 1 is restarted (a deploy, a crash elsewhere) while instance 0 is still acting.
      await c.restart(1);
      await sleep(3000);
      const whileHeld = setMailboxByIdentity(c.m365).get(mailbox) ?? 0;
      c.gate.release();
      await until('the ticket to be resolved', () => c.connectwise.ticket(ticketId).status?.name === 'Resolved', 30_000);
      await sleep(1000);
      const acts = setMailboxByIdentity(c.m365).get(mailbox) ?? 0;
      const wb = writeBacksOf(c.connectwise, ticketId, run!.id);
      const acted = await store.queryAudit({ runId: run!.id, type: 'acted' });
      figures('restart while another instance acts', { setMailboxWhileFirstHeld: whileHeld, setMailboxTotal: acts, actedEvents: acted.length, resolutionNotes: wb.resolutionNotes.length });
      // The run is instance 0's: the restarted instance must not send the change again.
      expect(whileHeld).toBe(0);
      expect(acts).toBe(1);
      expect(wb.resolutionNotes).toHaveLength(1);
      expect(wb.timeEntries).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 90_000);

  it('random SIGKILLs of three instances during the loop: nothing lost, nothing twice, every write-back once', async () => {
    const startedAt = Date.now();
    const TICKETS = 16;
    cluster = await startCluster({ instances: 3, redisUrl: redis!.url, redisPrefix: `storm-${Date.now()}:`, world: crowdedWorld(TICKETS), configure: roomy });
    const c = cluster;
    await c.startAll();
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
    expectClean(result, c);
  }, 300_000);
});

describe('crash storm on the embedded SQLite store (one instance)', () => {
  it('random SIGKILLs of the only instance: nothing lost, nothing twice, every write-back once', async () => {
    const startedAt = Date.now();
    const TICKETS = 8;
    cluster = await startCluster({ instances: 1, world: crowdedWorld(TICKETS), configure: roomy });
    const c = cluster;
    await c.startAll();
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
    expectClean(result, c);
  }, 240_000);
});
