import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfigInput } from '../src/config/schema.js';
import type { KillSwitch, Store } from '../src/store/store.js';
import { roomyRateLimits, startCluster, type AppCluster } from '../support/cluster/app-cluster.js';
import { allRuns, figures, pool, setMailboxByIdentity, until, writeBacksOf } from '../support/cluster/checks.js';
import { crowdedWorld, fullMailbox } from '../support/cluster/crowded-world.js';
import { startDurableRedis } from '../support/cluster/durable-redis.js';

/**
 * Scale-out proof: three app processes (`ticketfix serve`) on one Redis (store + BullMQ), one
 * set of simulators, one front door. Each describe has its own key prefix on the shared
 * redis-server. Under CI a missing redis-server fails the file instead of skipping it.
 */
const redis = await startDurableRedis();
afterAll(async () => redis?.stop());

const MEGAN = 'megan.bowen@contoso.example';
const DISTINCT = 30;


async function cluster(prefix: string, configure: (cfg: AppConfigInput) => AppConfigInput, extraUsers: number): Promise<AppCluster> {
  const c = await startCluster({ instances: 3, redisUrl: redis!.url, redisPrefix: `${prefix}-${Date.now()}:`, world: crowdedWorld(extraUsers), configure });
  await c.startAll();
  return c;
}

describe.skipIf(!redis)('three instances on one Redis', () => {
  let c: AppCluster;
  let store: Store;
  beforeAll(async () => {
    c = await cluster('multi', roomyRateLimits({ max: 1000, windowSeconds: 3600 }), DISTINCT + 2);
    store = await c.openStore();
  }, 90_000);
  afterAll(async () => {
    await store?.close();
    await c?.close();
  });

  it('the same callback delivered 1,000 times to all three instances concurrently is stored once and acted on once', async () => {
    const { ticketId, delivery } = await c.createTicketUndelivered(MEGAN);
    const TRIES = 1000;
    const started = Date.now();
    const answers = await pool(TRIES, 50, (i) => c.post(i % 3, delivery));
    const postMs = Date.now() - started;

    await until('the ticket to be resolved and documented', async () => {
      const runs = await store.listRuns({ ticketId: String(ticketId) });
      const wb = runs[0] ? writeBacksOf(c.connectwise, ticketId, runs[0].id) : null;
      return wb !== null && wb.status === 'Resolved' && wb.resolutionNotes.length > 0 && wb.timeEntries.length > 0;
    });
    // Anything a second run or a late job would do has had time to show.
    await new Promise((r) => setTimeout(r, 1500));
    const runs = await store.listRuns({ ticketId: String(ticketId) });
    const acts = setMailboxByIdentity(c.m365).get(MEGAN) ?? 0;
    const wb = writeBacksOf(c.connectwise, ticketId, runs[0]!.id);
    const count = (pred: (s: number) => boolean) => answers.filter(pred).length;
    figures('multi-instance same callback x1000', {
      deliveriesTried: TRIES,
      accepted202: count((s) => s === 202),
      duplicate200: count((s) => s === 200),
      errors5xxOrNoAnswer: count((s) => s >= 500 || s === 0),
      postMs,
      runs: runs.length,
      setMailbox: acts,
      duplicatesActedOn: Math.max(0, acts - 1),
      resolutionNotes: wb.resolutionNotes.length,
      timeEntries: wb.timeEntries.length,
    });

    expect(answers.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    // Exactly one request stored the signal; all the others were recognised as re-deliveries.
    expect(count((s) => s === 202)).toBe(1);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.state).toBe('resolved');
    expect(acts).toBe(1);
    expect(c.m365.mailbox(MEGAN)!.quotaGB).toBe(60);
    expect(wb.resolutionNotes).toHaveLength(1);
    expect(wb.timeEntries).toHaveLength(1);
    expect(c.unexpectedExits).toEqual([]);
  }, 120_000);

  it(`${DISTINCT} distinct full mailboxes spread over the instances all resolve, each acted on once`, async () => {
    const servedBefore = c.front.served.map((n) => n ?? 0);
    const started = Date.now();
    const ids = await pool(DISTINCT, 10, (i) => c.createTicket(fullMailbox(i + 1)));
    await until(`all ${DISTINCT} tickets to be resolved`, () => ids.every((id) => c.connectwise.ticket(id).status?.name === 'Resolved'), 90_000, 200);
    await until('every time entry', () => ids.every((id) => c.connectwise.state.timeEntries.some((t) => t.chargeToId === id)), 30_000, 200);
    const elapsedMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 1000));

    const perInstance = c.instances.map((i) => (c.front.served[i.index] ?? 0) - (servedBefore[i.index] ?? 0));
    const acts = setMailboxByIdentity(c.m365);
    let notesOk = 0;
    let timeOk = 0;
    const problems: string[] = [];
    for (const [n, id] of ids.entries()) {
      const runs = await store.listRuns({ ticketId: String(id) });
      const mailbox = fullMailbox(n + 1);
      if (runs.length !== 1 || runs[0]!.state !== 'resolved') problems.push(`ticket ${id}: runs ${runs.map((r) => r.state).join(',')}`);
      if ((acts.get(mailbox) ?? 0) !== 1) problems.push(`${mailbox}: ${acts.get(mailbox) ?? 0} Set-Mailbox calls`);
      if (c.m365.mailbox(mailbox)?.quotaGB !== 60) problems.push(`${mailbox}: quota ${c.m365.mailbox(mailbox)?.quotaGB}`);
      if (!runs[0]) continue;
      const wb = writeBacksOf(c.connectwise, id, runs[0].id);
      if (wb.resolutionNotes.length === 1) notesOk++;
      else problems.push(`ticket ${id}: ${wb.resolutionNotes.length} resolution notes`);
      if (wb.timeEntries.length === 1) timeOk++;
      else problems.push(`ticket ${id}: ${wb.timeEntries.length} time entries`);
    }
    figures('multi-instance distinct tickets', {
      tickets: DISTINCT,
      callbacksPerInstance: perInstance.join('/'),
      resolved: ids.filter((id) => c.connectwise.ticket(id).status?.name === 'Resolved').length,
      setMailboxTotal: [...acts.entries()].filter(([k]) => k.startsWith('full.user')).reduce((a, [, v]) => a + v, 0),
      oneNoteEach: notesOk,
      oneTimeEntryEach: timeOk,
      elapsedMs,
    });
    expect(problems).toEqual([]);
    // The front door spread the callbacks: every instance took some of them.
    expect(perInstance.every((n) => n > 0)).toBe(true);
    expect(c.unexpectedExits).toEqual([]);
  }, 150_000);

  it('the kill switch engaged through one instance stops the others at once', async () => {
    const engage = await c.admin<{ switches: KillSwitch[] }>(0, 'POST', '/kill-switch', { scope: 'global', engaged: true, reason: 'scale-out test', by: 'test' });
    expect(engage.status).toBe(200);
    const engagedAt = Date.now();
    // Another instance sees it on its own admin API, on the first read (no wait, no retry)...
    const seen = await c.admin<{ switches: KillSwitch[] }>(2, 'GET', '/kill-switch');
    expect(seen.body.switches.some((s) => s.scope.kind === 'global' && s.engaged)).toBe(true);
    const visibleOnOtherMs = Date.now() - engagedAt;

    // ...and the very next ticket, delivered to instance 2 with no delay, is not acted on.
    const stopped = fullMailbox(DISTINCT + 1);
    const { ticketId, delivery } = await c.createTicketUndelivered(stopped);
    const status = await c.post(2, delivery);
    expect(status).toBe(202);
    let run = (await store.listRuns({ ticketId: String(ticketId) }))[0];
    await until('the run to escalate', async () => {
      run = (await store.listRuns({ ticketId: String(ticketId) }))[0];
      return run?.state === 'escalated';
    }, 20_000, 50);
    const stoppedWithinMs = Date.now() - engagedAt;
    const actsWhileEngaged = setMailboxByIdentity(c.m365).get(stopped) ?? 0;
    await until('the escalated status', () => c.connectwise.ticket(ticketId).status?.name === 'Escalated', 20_000);

    // Released through instance 1, the next ticket on instance 0 acts again (the switch, not something else, stopped it).
    await c.admin(1, 'POST', '/kill-switch', { scope: 'global', engaged: false, reason: 'done', by: 'test' });
    const after = await c.createTicketUndelivered(fullMailbox(DISTINCT + 2));
    expect(await c.post(0, after.delivery)).toBe(202);
    await until('the post-release run to finish', async () => {
      const r = (await store.listRuns({ ticketId: String(after.ticketId) }))[0];
      return r !== undefined && ['resolved', 'escalated'].includes(r.state) && c.connectwise.ticket(after.ticketId).status?.name !== 'New';
    }, 20_000, 50);
    const afterRun = (await store.listRuns({ ticketId: String(after.ticketId) }))[0]!;

    figures('multi-instance kill switch', { engagedVia: 'instance 0', ticketOn: 'instance 2', visibleOnOtherMs, refusedRunDoneMs: stoppedWithinMs, escalationReason: run?.escalationReason ?? 'none', setMailboxWhileEngaged: actsWhileEngaged, afterRelease: afterRun.state });
    expect(run!.escalationReason).toBe('kill_switch');
    expect(actsWhileEngaged).toBe(0);
    expect(c.m365.mailbox(stopped)!.quotaGB).toBe(50);
    expect(afterRun.state).toBe('resolved');
    expect(setMailboxByIdentity(c.m365).get(fullMailbox(DISTINCT + 2))).toBe(1);
    expect(await allRuns(store).then((rs) => rs.filter((r) => r.escalationReason === 'kill_switch').length)).toBe(1);
  }, 90_000);
});

describe.skipIf(!redis)('a global rate limit shared by three instances', () => {
  let c: AppCluster;
  afterAll(async () => c?.close());

  it('exactly max runs act; the rest escalate rate_limited', async () => {
    const MAX = 5;
    const TICKETS = 12;
    c = await cluster('rate', roomyRateLimits({ max: MAX, windowSeconds: 3600 }), TICKETS);
    const store = await c.openStore();
    try {
      const ids = await pool(TICKETS, TICKETS, (i) => c.createTicket(fullMailbox(i + 1)));
      await until('every run to finish', async () => {
        const runs = await allRuns(store);
        return runs.length === TICKETS && runs.every((r) => r.state === 'resolved' || r.state === 'escalated');
      }, 60_000, 200);
      await until('every ticket status written back', () => ids.every((id) => ['Resolved', 'Escalated'].includes(c.connectwise.ticket(id).status?.name ?? '')), 30_000);
      const runs = await allRuns(store);
      const resolved = runs.filter((r) => r.state === 'resolved');
      const limited = runs.filter((r) => r.escalationReason === 'rate_limited');
      const acts = [...setMailboxByIdentity(c.m365).values()].reduce((a, b) => a + b, 0);
      figures('multi-instance global rate limit', { limit: MAX, tickets: TICKETS, acted: acts, resolved: resolved.length, rateLimited: limited.length, callbacksPerInstance: c.front.served.join('/') });
      expect(acts).toBe(MAX);
      expect(resolved).toHaveLength(MAX);
      expect(limited).toHaveLength(TICKETS - MAX);
      expect(ids.filter((id) => c.connectwise.ticket(id).status?.name === 'Resolved')).toHaveLength(MAX);
      expect(c.unexpectedExits).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
