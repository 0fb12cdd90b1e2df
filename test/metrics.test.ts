import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { admin, createTicket, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';
import { faultsServed } from './support/fault-count.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function scrape(s: Sandbox, token: string | null = s.app.adminToken): Promise<{ status: number; text: string }> {
  const res = await fetch(`${s.app.url}/metrics`, { headers: token === null ? {} : { Authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

/** The value of one series in the Prometheus text format (0 when absent), e.g. `name{a="b"}`. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[3]);
  }
  return total;
}

const SCRAPE = 'scrape-only-token-for-the-metrics-test';

describe('GET /metrics', () => {
  it('is refused without the admin or metrics token; the metrics token opens nothing else', async () => {
    // At least 32 characters: a shorter metrics token is refused at start (test/hostile-operator.test.ts).
    sb = await testSandbox({ env: { TICKETFIX_METRICS_TOKEN: SCRAPE } });
    expect((await scrape(sb, null)).status).toBe(401);
    expect((await scrape(sb, 'wrong')).status).toBe(401);
    expect((await scrape(sb, SCRAPE)).status).toBe(200);
    const adminWithScrapeToken = await fetch(`${sb.app.url}/admin/runs`, { headers: { Authorization: `Bearer ${SCRAPE}` } });
    expect(adminWithScrapeToken.status).toBe(401);
    const ok = await scrape(sb);
    expect(ok.status).toBe(200);
    // Default process metrics are on this app's own registry.
    expect(value(ok.text, 'ticketfix_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts signals, runs, steps, gate refusals and outside calls after a real flow', async () => {
    sb = await testSandbox();
    const before = await scrape(sb);
    expect(value(before.text, 'ticketfix_runs_finished_total')).toBe(0);

    const id = await createTicket(sb, { summary: 'My mailbox is full and I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    expect(await statusOf(sb, id)).toBe('Resolved');

    const after = (await scrape(sb)).text;
    expect(value(after, 'ticketfix_signals_received_total', { source: 'connectwise', result: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'ticketfix_runs_finished_total', { outcome: 'resolved' })).toBe(1);
    // One observation per engine step the run went through.
    for (const step of ['received', 'decided', 'acting', 'validating', 'documenting']) {
      expect(value(after, 'ticketfix_run_step_duration_seconds_count', { step }), step).toBe(1);
    }
    expect(value(after, 'ticketfix_outside_calls_total', { system: 'connectwise', status: '2xx' })).toBeGreaterThanOrEqual(5);
    expect(value(after, 'ticketfix_outside_calls_total', { system: 'exchange', status: '2xx' })).toBeGreaterThanOrEqual(3);
    expect(value(after, 'ticketfix_outside_calls_total', { system: 'graph' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'ticketfix_signal_commit_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^ticketfix_queue_depth 0$/m);

    // A kill switch refuses the next one: a gate refusal by reason, an escalated run.
    expect((await admin(sb, 'POST', '/kill-switch', { scope: 'global', engaged: true, reason: 'metrics test' })).status).toBe(200);
    const second = await createTicket(sb, { summary: 'My mailbox is full and I cannot send email', contactEmail: 'diego.siciliani@fabrikam.example', companyId: 251 });
    await settle(sb);
    expect((await runsFor(sb, second))[0]?.escalationReason).toBe('kill_switch');
    const refused = (await scrape(sb)).text;
    expect(value(refused, 'ticketfix_gate_refusals_total', { reason: 'kill_switch' })).toBe(1);
    expect(value(refused, 'ticketfix_runs_finished_total', { outcome: 'escalated' })).toBe(1);
    expect(value(refused, 'ticketfix_runs_finished_total', { outcome: 'resolved' })).toBe(1);
  });

  it('counts outside call errors by system and status class', async () => {
    sb = await testSandbox({ app: { outboxBackoff: { baseMs: 10, maxMs: 20 } } });
    sb.connectwise.faults.failNext(2, { path: /\/notes$/, method: 'POST', status: 503 });
    const id = await createTicket(sb, { summary: 'My mailbox is full and I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    expect(await statusOf(sb, id)).toBe('Resolved');
    const text = (await scrape(sb)).text;
    // Both injected 503s were served, and each was counted.
    expect(faultsServed(sb.connectwise.calls, 'failNext 503').map((c) => c.method)).toEqual(['POST', 'POST']);
    expect(value(text, 'ticketfix_outside_call_errors_total', { system: 'connectwise', status: '5xx' })).toBe(2);
    expect(value(text, 'ticketfix_outside_call_errors_total', { system: 'exchange' })).toBe(0);
  });
});

describe('logs of a run', () => {
  it('carry the delivery id, run id and ticket id', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    sb = await testSandbox({ log: pino({ level: 'debug' }, sink) });
    const id = await createTicket(sb, { summary: 'My mailbox is full and I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    const [run] = await runsFor(sb, id);
    expect(run?.state).toBe('resolved');
    const signal = await sb.app.store.getSignal(run!.signalId);

    const finished = lines.find((l) => l.msg === 'run finished' && l.runId === run!.id);
    expect(finished).toMatchObject({ runId: run!.id, ticketId: String(id), deliveryId: signal!.deliveryKey, to: 'resolved' });
    // Every step of the run logs with the same ids.
    const moved = lines.filter((l) => l.msg === 'run moved' && l.runId === run!.id);
    expect(moved.length).toBeGreaterThanOrEqual(4);
    expect(moved.every((l) => l.ticketId === String(id) && l.deliveryId === signal!.deliveryKey)).toBe(true);
    // The intake line links the delivery to the signal and ticket before any run exists.
    expect(lines.find((l) => l.msg === 'signal stored' && l.deliveryId === signal!.deliveryKey)).toMatchObject({ signalId: signal!.id, ticketId: String(id) });
  });
});
