import { afterEach, describe, expect, it } from 'vitest';
import { RUN_OWNER_LEASE_MS } from '../src/engine/run-owner.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { faultsServed } from './support/fault-count.js';
import { until } from '../support/cluster/checks.js';
import { createTicket, notesOf, runsFor, setMailboxCalls, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

/**
 * A run deferred because the PSA refused (503 outage, 429 rate limit) is resumed by the
 * app's own stuck-run sweep (its scheduler, nobody calls resumeRun) once the PSA answers, and
 * resolves exactly once. The app runs on a clock the test moves, so the sweep's "the run's lease
 * has lapsed" is a step of the test, not a wait.
 */
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const MEGAN = 'megan.bowen@contoso.example';
const TICKET_READ = { path: /^\/service\/tickets\/\d+$/, method: 'GET' };

async function deferredThenResumedBySweep(refuse: (s: Sandbox) => void, servedLabel: string): Promise<void> {
  let now = Date.now();
  sb = await testSandbox({ clock: () => new Date(now), app: { outboxBackoff: { baseMs: 50, maxMs: 200 }, outboxPollMs: 50 } });
  refuse(sb);
  const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: MEGAN });
  await settle(sb);
  const [run] = await runsFor(sb, id);
  expect(run!.state).toBe('received');
  expect((await sb.app.store.queryAudit({ runId: run!.id })).map((e) => e.type)).toContain('deferred');
  // The refusal really reached the app (more than the HTTP seam retries, so the engine saw it).
  expect(faultsServed(sb.connectwise.calls, servedLabel, { path: TICKET_READ.path, method: 'GET' }).length).toBeGreaterThanOrEqual(2);

  // The PSA answers again, but the clock has not moved: the sweep leaves the run alone (its lease holds).
  sb.connectwise.faults.reset();
  const sweep = sb.app.scheduler.jobs.find((j) => j.name === 'stuck-runs')!;
  expect(await sweep.run(new Date(now))).toBe(0);
  expect((await runsFor(sb, id))[0]!.state).toBe('received');

  // The lease lapses: the scheduler's own sweep (cron, every 10 s) picks the run up, nobody pushes it.
  now += RUN_OWNER_LEASE_MS + 1000;
  await until('the deferred run to resolve by itself', async () => (await runsFor(sb!, id))[0]?.state === 'resolved', 30_000, 100);
  await settle(sb);

  // Exactly once: one run, one change, one resolution note, one 'acted', one 'resolved' audit.
  expect(await runsFor(sb, id)).toHaveLength(1);
  expect(setMailboxCalls(sb, MEGAN)).toHaveLength(1);
  expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(60);
  expect((await notesOf(sb, id)).filter((n) => n.resolutionFlag)).toHaveLength(1);
  const types = (await sb.app.store.queryAudit({ runId: run!.id })).map((e) => e.type);
  expect(types.filter((t) => t === 'acted')).toHaveLength(1);
  expect(await statusOf(sb, id)).toBe('Resolved');

  // Later sweeps find nothing more to do.
  now += RUN_OWNER_LEASE_MS + 1000;
  expect(await sweep.run(new Date(now))).toBe(0);
  expect(setMailboxCalls(sb, MEGAN)).toHaveLength(1);
}

describe('a deferred run resumes by itself once the PSA answers', () => {
  it('after a ConnectWise outage (503s on the ticket read)', async () => {
    await deferredThenResumedBySweep((s) => s.connectwise.faults.failNext(1000, { ...TICKET_READ, status: 503 }), 'failNext 503');
  }, 60_000);

  it('after ConnectWise rate-limited the ticket read (429s)', async () => {
    // Retry-After 0: the HTTP seam retries at once, so the test does not wait out real seconds.
    await deferredThenResumedBySweep((s) => s.connectwise.faults.throttleNext(1000, { ...TICKET_READ, retryAfterSeconds: 0 }), 'throttleNext 429');
  }, 60_000);
});
