import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { faultsServed, gapToRetryMs, recordAttempts } from './support/fault-count.js';
import { createTicket, notesOf, runsFor, setMailboxCalls, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

/**
 * Each test asserts that the fault it injects was really served (counted in the simulator's
 * call log, or seen by the app's HTTP client), and that a Retry-After was waited for, measured
 * between the simulator's own timestamps of the 429 and of the retry: a lower bound only.
 */

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const MEGAN = 'megan.bowen@contoso.example';
const FULL = 'My mailbox is full';
const fast = { app: { outboxBackoff: { baseMs: 50, maxMs: 200 }, outboxPollMs: 50 } };

async function runOf(id: number) {
  const [run] = await runsFor(sb!, id);
  return run!;
}

/** Waits until the outbox has nothing undelivered (or gives up after `ms`). */
async function outboxDrained(ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await settle(sb!);
    if ((await sb!.app.store.listOutbox({ delivered: false })).length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('outbox did not drain');
}

describe('ConnectWise faults', () => {
  it('429 with Retry-After and 500s on the ticket read are retried; the loop still resolves', async () => {
    sb = await testSandbox();
    // Two seconds: well above the client's own first back-off (100-200 ms), so only honouring the header explains the gap.
    sb.connectwise.faults.throttleNext(1, { path: /^\/service\/tickets\/\d+$/, method: 'GET', retryAfterSeconds: 2 });
    sb.connectwise.faults.failNext(1, { path: '/service/boards/*', method: 'GET', status: 500 });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await runOf(id)).state).toBe('resolved');
    const throttled = faultsServed(sb.connectwise.calls, 'throttleNext 429');
    expect(throttled.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([`GET /service/tickets/${id} 429`]);
    expect(gapToRetryMs(sb.connectwise.calls, throttled[0]!)).toBeGreaterThanOrEqual(2000);
    const failed = faultsServed(sb.connectwise.calls, 'failNext 500');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.path).toMatch(/^\/service\/boards\//);
    expect(gapToRetryMs(sb.connectwise.calls, failed[0]!)).not.toBeNull();
  });

  it('an outage during write-back: the outbox delivers note, status and time entry once it is over', async () => {
    sb = await testSandbox(fast);
    // Everything the app writes back fails for a while (503s), reads still work.
    sb.connectwise.faults.failNext(3, { path: /\/notes$/, method: 'POST', status: 503 });
    sb.connectwise.faults.failNext(3, { path: '/service/tickets/*', method: 'PATCH', status: 503 });
    sb.connectwise.faults.failNext(3, { path: '/time/entries', method: 'POST', status: 503 });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await runOf(id)).state).toBe('resolved');
    await outboxDrained();
    // Every one of the nine 503s was served to a write-back.
    const refused = faultsServed(sb.connectwise.calls, 'failNext 503');
    expect(refused.filter((c) => c.method === 'POST' && /\/notes$/.test(c.path))).toHaveLength(3);
    expect(refused.filter((c) => c.method === 'PATCH' && c.path === `/service/tickets/${id}`)).toHaveLength(3);
    expect(refused.filter((c) => c.method === 'POST' && c.path === '/time/entries')).toHaveLength(3);
    expect(await statusOf(sb, id)).toBe('Resolved');
    expect((await notesOf(sb, id)).filter((n) => n.resolutionFlag)).toHaveLength(1);
    const items = await sb.app.store.listOutbox({ runId: (await runOf(id)).id });
    expect(items.every((i) => i.deliveredAt !== null && i.attempts >= 1)).toBe(true);
  });

  it('a note whose answer was lost is not posted twice: the outbox finds it by its marker', async () => {
    sb = await testSandbox(fast);
    sb.connectwise.faults.loseResponseNext(1, { path: /\/notes$/, method: 'POST' });
    sb.connectwise.faults.loseResponseNext(1, { path: '/time/entries', method: 'POST' });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await outboxDrained();
    expect((await notesOf(sb, id)).filter((n) => n.resolutionFlag)).toHaveLength(1);
    const lost = faultsServed(sb.connectwise.calls, 'loseResponseNext');
    expect(lost.map((c) => `${c.method} ${c.path} ${c.status}`).sort()).toEqual(['POST /time/entries 504', `POST /service/tickets/${id}/notes 504`].sort());
    const time = await fetch(`${sb.urls.connectwise}/service/tickets/${id}/timeentries`, { headers: sb.connectwise.authHeaders() }).then((r) => r.json() as Promise<unknown[]>);
    expect(time).toHaveLength(1);
  });
});

describe('Exchange faults', () => {
  it('429 with Retry-After on a read is honoured and the loop resolves', async () => {
    sb = await testSandbox();
    sb.m365.faults.throttleNext(1, 2, { system: 'exchange' });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await runOf(id)).state).toBe('resolved');
    const exchange = sb.m365.calls.filter((c) => c.system === 'exchange');
    const throttled = exchange.filter((c) => c.status === 429);
    expect(throttled).toHaveLength(1);
    // The retry is the same cmdlet, sent no sooner than the two seconds Retry-After asked for.
    const retry = exchange[exchange.indexOf(throttled[0]!) + 1];
    expect(retry?.cmdlet).toBe(throttled[0]!.cmdlet);
    expect(retry!.at - throttled[0]!.at).toBeGreaterThanOrEqual(2000);
  });

  it('a 500 on Set-Mailbox that changed nothing escalates with the error, without a blind retry', async () => {
    sb = await testSandbox();
    sb.m365.faults.failCmdlet('Set-Mailbox', { status: 500 });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const run = await runOf(id);
    expect(run.state).toBe('escalated');
    expect(run.escalationReason).toBe('api_error');
    expect(setMailboxCalls(sb, MEGAN).map((c) => c.status)).toEqual([500]);
    expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(50);
    expect((await notesOf(sb, id))[0]!.text).toContain('What was attempted');
  });

  it('a lost answer to Set-Mailbox (the change landed) is recognised by reading the mailbox: acted once, resolved', async () => {
    sb = await testSandbox();
    sb.m365.faults.loseResponse('Set-Mailbox', { count: 1 });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await runOf(id)).state).toBe('resolved');
    expect(setMailboxCalls(sb, MEGAN).map((c) => c.status)).toEqual([504]);
    expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(60);
  });

  it('an Exchange outage in the tenant escalates with the error and changes nothing', async () => {
    sb = await testSandbox();
    sb.m365.faults.outage('6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01', ['exchange']);
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const exchange = sb.m365.calls.filter((c) => c.system === 'exchange');
    expect(exchange.length).toBeGreaterThan(0);
    expect(exchange.every((c) => c.status === 503)).toBe(true);
    const run = await runOf(id);
    expect(run.state).toBe('escalated');
    expect(run.escalationReason).toBe('api_error');
    expect(setMailboxCalls(sb)).toHaveLength(0);
    expect((await notesOf(sb, id))[0]!.text).toContain('outside system returned an error');
  });
});

describe('timeouts', () => {
  const short = (onAttempt: ReturnType<typeof recordAttempts>['onAttempt']) => ({ onAttempt, app: { outsideTimeoutMs: 400 } });
  /** The app's attempts that ended without an answer (its client timed out). */
  const timedOut = (r: ReturnType<typeof recordAttempts>, system: string) => r.attempts.filter((a) => a.system === system && a.status === null);

  it('a ConnectWise read that never answers times out and is retried', async () => {
    const seen = recordAttempts();
    sb = await testSandbox(short(seen.onAttempt));
    sb.connectwise.faults.hangNext(1, { path: /^\/service\/tickets\/\d+$/, method: 'GET' });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await runOf(id)).state).toBe('resolved');
    // The hung read timed out on the app's side, and the same read was then answered.
    const reads = seen.attempts.filter((a) => a.method.toUpperCase() === 'GET' && a.path === `/service/tickets/${id}`);
    expect(reads.map((a) => a.status).slice(0, 2)).toEqual([null, 200]);
    expect(timedOut(seen, 'connectwise')).toHaveLength(1);
    sb.connectwise.faults.reset();
  });

  it('a Set-Mailbox whose answer never comes: the mailbox is read, the change is found, no second Set-Mailbox', async () => {
    const seen = recordAttempts();
    sb = await testSandbox(short(seen.onAttempt));
    sb.m365.faults.loseResponse('Set-Mailbox', { hang: true });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    expect((await runOf(id)).state).toBe('resolved');
    // One Set-Mailbox, still unanswered (the hang is not released yet), and the app's call to it timed out.
    expect(setMailboxCalls(sb, MEGAN).map((c) => c.status)).toEqual([null]);
    expect(timedOut(seen, 'exchange')).toHaveLength(1);
    sb.m365.faults.releaseHangs();
  });

  it('an Exchange tenant that hangs on every call escalates as an API error, nothing changed', async () => {
    const seen = recordAttempts();
    sb = await testSandbox(short(seen.onAttempt));
    sb.m365.faults.hangNext(100, { system: 'exchange' });
    const id = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    const exchange = sb.m365.calls.filter((c) => c.system === 'exchange');
    expect(exchange.length).toBeGreaterThan(0);
    expect(exchange.every((c) => c.status === null)).toBe(true);
    expect(timedOut(seen, 'exchange')).toHaveLength(exchange.length);
    const run = await runOf(id);
    expect(run.escalationReason).toBe('api_error');
    expect(run.detail).toContain('timed out');
    sb.m365.faults.releaseHangs();
    expect(sb.m365.mailbox(MEGAN)!.quotaGB).toBe(50);
  });
});
