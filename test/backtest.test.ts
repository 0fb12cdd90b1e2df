import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HISTORY } from '../mocks/connectwise/seed-history.js';
import { parseDuration } from '../src/backtest/duration.js';
import { parseEstimates } from '../src/backtest/estimates.js';
import { createProgress } from '../src/backtest/progress.js';
import { renderHtml } from '../src/backtest/render-html.js';
import { renderMarkdown } from '../src/backtest/render-markdown.js';
import { resolveInstallation, runBacktest } from '../src/backtest/run-backtest.js';
import { createLogger } from '../src/log.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { settle, testSandbox } from './support/sandbox-kit.js';

vi.setConfig({ testTimeout: 120_000 });

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function backtestSandbox(s: Sandbox, psa = 'connectwise') {
  const kv = new SqliteStore({ file: ':memory:' });
  try {
    return await runBacktest({
      config: s.config,
      remediations: s.app.deps.remediations,
      install: resolveInstallation(s.config, psa),
      sinceMs: parseDuration('30d'),
      runtime: { env: { ...process.env, ...SANDBOX_SECRETS }, log: createLogger({ level: 'silent' }), kv },
    });
  } finally {
    await kv.close();
  }
}

describe('backtest over the seeded ConnectWise history (real HTTP, read-only)', () => {
  it('reads every historical ticket with GETs only and reports automation, hours saved and escalations', async () => {
    sb = await testSandbox();
    const from = sb.connectwise.calls.length;
    const notesBefore = sb.connectwise.state.notes.length;
    const report = await backtestSandbox(sb);
    const calls = sb.connectwise.calls.slice(from);

    // Read-only: the simulator saw list and get requests and nothing else; nothing changed.
    expect(calls.length).toBeGreaterThan(HISTORY.length);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(sb.connectwise.state.notes.length).toBe(notesBefore);
    expect(sb.connectwise.state.timeEntries).toEqual([]);

    const s = report.summary;
    expect(s.tickets).toBe(HISTORY.length);
    expect(report.unreadable).toEqual([]);
    // Truth by ticket id: the history is seeded in order.
    const ids = sb.connectwise.state.tickets.map((t) => t.id).sort((a, b) => a - b);
    const truth = new Map(ids.map((id, i) => [String(id), HISTORY[i]!]));
    const verdict = (pred: (h: (typeof HISTORY)[number]) => boolean) => report.verdicts.filter((v) => pred(truth.get(v.ticketId)!));

    // Hard negatives are not automated. One is a known false positive of the mailbox-quota
    // matcher ("Mailbox full of newsletters"): the backtest is what surfaces it (in the live loop
    // the plan reads the mailbox and refuses one that is not full).
    const wronglyAutomated = verdict((h) => h.truth === 'other').filter((v) => v.outcome === 'would_automate' || v.outcome === 'would_ask_approval');
    expect(wronglyAutomated.map((v) => v.summary).filter((x) => x !== 'Mailbox full of newsletters')).toEqual([]);
    // Tickets of the unmapped customer are left alone.
    expect(verdict((h) => h.company === 'northwind').every((v) => v.outcome === 'left_in_queue' && v.reason === 'unknown_client')).toBe(true);
    // Diego filed under Contoso: his domain is not Contoso's, so it would escalate.
    const misfiled = verdict((h) => h.company === 'contoso' && h.contact.endsWith('fabrikam.example'));
    expect(misfiled.map((v) => v.reason)).toEqual(['target_not_in_client']);
    // Most mailbox-full tickets of mapped clients would have been automated.
    const quota = verdict((h) => h.truth === 'mailbox-quota' && h.company !== 'northwind');
    const automated = quota.filter((v) => v.outcome === 'would_automate');
    expect(automated.length).toBeGreaterThanOrEqual(Math.ceil(quota.length * 0.7));
    expect(automated.every((v) => v.remediationId === 'mailbox-quota' && v.minutesSaved === 20 && v.timeEntryMinutes === 15)).toBe(true);

    expect(s.byOutcome.would_automate).toBeGreaterThan(0);
    expect(s.byOutcome.left_in_queue).toBeGreaterThan(0);
    const expectedHours = Math.round((report.verdicts.reduce((n, v) => n + v.minutesSaved, 0) / 60) * 10) / 10;
    expect(s.hoursSaved).toBe(expectedHours);
    expect(s.hoursSaved).toBeGreaterThan(0);
    expect(s.escalations.map((e) => e.reason)).toContain('target_not_in_client');
    expect(s.byDay.reduce((n, d) => n + d.would_automate + d.would_ask_approval + d.would_escalate + d.left_in_queue, 0)).toBe(HISTORY.length);

    const md = renderMarkdown(report);
    expect(md).toContain('## Summary');
    expect(md).toContain(`Projected technician time saved: ${s.hoursSaved} hours`);
    expect(md).toContain('## What would have escalated, and why');
    expect(md).toContain('target_not_in_client');
    expect(md).toContain('Manual handling estimates');
    const html = renderHtml(report);
    expect(html).toMatch(/<svg [^>]*role="img"/);
    expect((html.match(/<rect /g) ?? []).length).toBeGreaterThan(s.byDay.length);
    expect(html).not.toMatch(/<script/i);
  });

  it('reads nothing from a PSA the config does not have, and says which it has', async () => {
    sb = await testSandbox();
    expect(() => resolveInstallation(sb!.config, 'kaseya')).toThrow(/no installation with that id or PSA; the config has sandbox-cw \(connectwise\)/);
    expect(resolveInstallation(sb.config, 'sandbox-cw').psa).toBe('connectwise');
  });
});

describe('backtest on HaloPSA and Autotask (same read path: the reconcile listing, then each ticket re-read)', () => {
  it('decides the tickets of each PSA without writing to it', async () => {
    sb = await testSandbox({ history: false });
    sb.halopsa.createTicket({ summary: 'My mailbox is full', details: 'Outlook says my mailbox is full', client_id: 250, user_id: 101 });
    sb.halopsa.createTicket({ summary: 'Printer jammed', details: 'Paper jam on the 2nd floor', client_id: 250, user_id: 101 });
    await settle(sb);
    const haloFrom = sb.halopsa.calls.length;
    const halo = await backtestSandbox(sb, 'halopsa');
    expect(halo.summary.tickets).toBe(2);
    expect(halo.verdicts.map((v) => v.outcome).sort()).toEqual(['left_in_queue', 'would_automate']);
    // Reads only (the token request aside).
    expect(sb.halopsa.calls.slice(haloFrom).filter((c) => c.method !== 'GET' && c.path !== '/auth/token')).toEqual([]);

    const atFrom = sb.autotask.calls.length;
    const at = await backtestSandbox(sb, 'autotask');
    expect(at.unreadable).toEqual([]);
    // Autotask's list is a POST /<entity>/query: a read. Nothing else but GETs.
    expect(sb.autotask.calls.slice(atFrom).filter((c) => c.method !== 'GET' && !c.path.endsWith('/query'))).toEqual([]);
  });
});

describe('backtest inputs and output', () => {
  it('refuses a bad duration or estimate with a clear message', () => {
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(() => parseDuration('30 days')).toThrow(/not a duration; use a number and a unit, e\.g\. 30d/);
    expect(() => parseDuration('0d')).toThrow(/more than zero/);
    expect(() => parseDuration('9999d')).toThrow(/at most 366 days/);
    expect(parseEstimates(['mailbox-quota=25'])).toEqual({ 'mailbox-quota': 25 });
    expect(() => parseEstimates(['mailbox-quota:25'])).toThrow(/not <remediation-id>=<minutes>/);
  });

  it('escapes ticket text in the HTML report', () => {
    const html = renderHtml({
      generatedAt: '2026-11-26T00:00:00Z', installationId: 'cw', psa: 'connectwise', since: 'a', until: 'b', unreadable: [],
      estimates: { manualMinutes: {}, defaultManualMinutes: 20, approvalReviewMinutes: 5 },
      verdicts: [{ ticketId: '1', summary: '<script>alert(1)</script> | pipe', at: '2026-11-20T10:00:00Z', closed: true, clientId: 'c', kind: null, remediationId: null, confidence: 0, outcome: 'left_in_queue', reason: 'no_match', detail: '<img src=x onerror=alert(1)>', minutesSaved: 0, timeEntryMinutes: 0 }],
      summary: { tickets: 1, byOutcome: { would_automate: 0, would_ask_approval: 0, would_escalate: 0, left_in_queue: 1 }, hoursSaved: 0, hoursBooked: 0, byRemediation: [], escalations: [], candidates: [], byDay: [{ day: '2026-11-20', would_automate: 0, would_ask_approval: 0, would_escalate: 0, left_in_queue: 1 }] },
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | pipe');
    expect(html).toContain('<svg');
  });

  it('draws a bar on a terminal and plain lines on a pipe', () => {
    const sink = (isTTY: boolean) => {
      const chunks: string[] = [];
      return { chunks, stream: { isTTY, write: (c: string) => (chunks.push(c), true) } };
    };
    const tty = sink(true);
    const p = createProgress({ total: 4, label: 'reading', stream: tty.stream });
    for (let i = 0; i < 4; i++) p.tick();
    p.done();
    expect(tty.chunks.every((c) => c.startsWith('\r'))).toBe(true);
    expect(tty.chunks.at(-1)).toContain('[##############################] 4/4 100%');

    const pipe = sink(false);
    const q = createProgress({ total: 100, label: 'reading', stream: pipe.stream });
    for (let i = 0; i < 100; i++) q.tick();
    q.done();
    expect(pipe.chunks.some((c) => c.includes('\r') || c.includes('\x1b'))).toBe(false);
    expect(pipe.chunks).toHaveLength(11);
    expect(pipe.chunks.at(-1)).toBe('reading: 100/100\n');
  });
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/ticketfix.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 100_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('ticketfix backtest (CLI against a running sandbox)', () => {
  it('writes the Markdown and HTML reports; a bad --since is refused before anything is read', async () => {
    sb = await testSandbox();
    const dir = mkdtempSync(join(tmpdir(), 'tfx-backtest-'));
    const from = sb.connectwise.calls.length;
    const bad = await cli(['backtest', '--psa', 'connectwise', '--since', 'a month', '--sandbox-url', sb.urls.origin]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a duration');
    expect(sb.connectwise.calls.length).toBe(from);

    const md = join(dir, 'report.md');
    const html = join(dir, 'report.html');
    const ok = await cli(['backtest', '--psa', 'connectwise', '--since', '30d', '--out', md, '--html', html, '--sandbox-url', sb.urls.origin]);
    expect(ok.stderr).toMatch(new RegExp(`backtest: ${HISTORY.length} tickets, \\d+ automated`));
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(`reading sandbox-cw tickets: ${HISTORY.length}/${HISTORY.length}`);
    expect(existsSync(md) && readFileSync(md, 'utf8')).toContain('## By remediation');
    expect(readFileSync(html, 'utf8')).toContain('<svg');
    expect(sb.connectwise.calls.slice(from).filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
