import { randomUUID } from 'node:crypto';
import type { Signal } from '../../src/model/signal.js';
import { signalJob } from '../../src/queue/jobs.js';
import { SANDBOX_CW } from '../../src/sandbox/sandbox-config.js';
import { settle, startBenchSandbox, trimSimulatorLogs } from '../support/bench-sandbox.js';
import { benchWorld, FULL_MAILBOX_SUMMARY, warmupMailboxes } from '../support/bench-world.js';
import { resolveOneTicket } from '../support/resolve-ticket.js';
import { memoryNow, startMemorySampler } from '../support/rss-sampler.js';
import { ratio, round } from '../support/stats.js';
import type { Benchmark, BenchmarkOutput } from '../types.js';

export const backlogDrain: Benchmark = {
  id: 'backlog-drain',
  title: 'Backlog drain',
  measures:
    'N accepted, stored, unprocessed signals (each a distinct full-mailbox ticket) handed to the in-process queue at once, as a restarted process does: time until every run is finished and the outbox is empty, and this process’s RSS meanwhile, on the embedded SQLite store.',
  async run(ctx): Promise<BenchmarkOutput> {
    const n = ctx.sizes.backlog.signals;
    const { world, mailboxes } = benchWorld(n);
    const warmups = warmupMailboxes(world);
    const b = await startBenchSandbox({ scratchDir: ctx.scratchDir, name: 'backlog', world });
    try {
      const { sb, timed } = b;
      for (const m of warmups) await resolveOneTicket(b, m);
      const install = sb.config.installations[0]!;
      // The tickets exist in ConnectWise; created as the app's own member so no callback fires.
      const tickets = mailboxes.map((m) =>
        sb.connectwise.createTicket({ summary: FULL_MAILBOX_SUMMARY, company: { id: m.psaCompanyId }, board: { id: 1 }, contactEmailAddress: m.email }, { by: SANDBOX_CW.memberIdentifier }),
      );
      ctx.log(`  backlog: storing ${n} signals`);
      const enqueueStarted = performance.now();
      const signals: Signal[] = [];
      for (const [i, t] of tickets.entries()) {
        const signal: Signal = {
          id: randomUUID(),
          installationId: install.id,
          source: 'connectwise',
          kind: 'ticket',
          deliveryKey: `bench:${randomUUID()}`,
          action: 'added',
          ticketId: String(t.id),
          companyHint: String(mailboxes[i]!.psaCompanyId),
          receivedAt: new Date().toISOString(),
        };
        signals.push((await timed.store.putSignal(signal)).signal);
      }
      const enqueueSec = (performance.now() - enqueueStarted) / 1000;
      trimSimulatorLogs(sb);
      const baseline = memoryNow();
      timed.reset();
      // Outside calls are counted, not kept (the list would grow with the backlog).
      b.recorder.clear();
      let outsideCalls = 0;
      const trim = () => {
        trimSimulatorLogs(sb);
        outsideCalls += b.recorder.attempts.length;
        b.recorder.clear();
      };
      const cpu = process.cpuUsage();
      const sampler = startMemorySampler(ctx.sizes.backlog.sampleMs, trim);
      const started = performance.now();
      ctx.log(`  backlog: draining ${n} signals`);
      for (const s of signals) sb.app.queue.push(signalJob(s));
      await settle(sb);
      const drainSec = (performance.now() - started) / 1000;
      const samples = sampler.stop();
      trim();
      const used = process.cpuUsage(cpu);
      const peak = sampler.peak();
      const storeSec = timed.totalMs() / 1000;
      const cpuSec = (used.user + used.system) / 1e6;
      const resolved = (await sb.app.store.listRuns({ state: 'resolved', limit: n * 2 + 10 })).length;
      const undelivered = (await sb.app.store.listOutbox({ delivered: false })).length;
      const drainRate = n / drainSec;
      const storeBound = storeSec > 0 ? n / storeSec : null;
      return {
        figures: [
          {
            key: 'backlog_drain_s',
            label: `Time to drain ${n} queued signals`,
            value: round(drainSec, 2),
            unit: 's',
            limit: { label: 'time the store held the event loop meanwhile (SQLite is synchronous)', value: round(storeSec, 2), unit: 's' },
            comparison: { label: 'store share of the drain', value: round((ratio(storeSec, drainSec) ?? 0) * 100, 1), unit: '%' },
            params: { signals: n, concurrency: 8 },
          },
          {
            key: 'backlog_drain_per_s',
            label: 'Drain rate (signals resolved per second)',
            value: round(drainRate, 1),
            unit: '/s',
            limit: { label: 'store-bound ceiling (signals ÷ store time)', value: round(storeBound, 1), unit: '/s' },
            comparison: { label: 'measured ÷ ceiling', value: round(ratio(drainRate, storeBound), 2), unit: '×' },
          },
          {
            key: 'backlog_peak_rss_mib',
            label: 'Peak RSS while draining (app + in-process simulators)',
            value: round(peak.rssMiB, 1),
            unit: 'MiB',
            limit: { label: 'RSS with the backlog stored, before draining', value: round(baseline.rssMiB, 1), unit: 'MiB' },
            comparison: { label: 'growth', value: round(peak.rssMiB - baseline.rssMiB, 1), unit: 'MiB' },
          },
        ],
        details: {
          signals: n,
          enqueue: { seconds: round(enqueueSec, 2), putSignalPerSec: round(n / enqueueSec, 1) },
          drainSec,
          cpuSec: round(cpuSec, 2),
          cpuPctOfOneCore: round((cpuSec / drainSec) * 100, 1),
          storeSec: round(storeSec, 2),
          storeByMethod: timed.timings(),
          resolvedRuns: resolved,
          undeliveredOutbox: undelivered,
          outsideCalls,
          outsideCallsPerSignal: round(outsideCalls / n, 2),
          memory: { baseline, peak, end: samples[samples.length - 1], samples: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 200)) === 0) },
        },
        tables: [
          [
            '| signals | stored at (putSignal/s) | drain s | resolved runs | undelivered outbox | store s | process CPU s (% of one core) | outside calls per signal | RSS before / peak / end MiB | heap peak MiB |',
            '|---|---|---|---|---|---|---|---|---|---|',
            `| ${n} | ${round(n / enqueueSec, 1)} | ${round(drainSec, 2)} | ${resolved} | ${undelivered} | ${round(storeSec, 2)} | ${round(cpuSec, 2)} (${round((cpuSec / drainSec) * 100, 0)}%) | ${round(outsideCalls / n, 2)} | ${round(baseline.rssMiB, 0)} / ${round(peak.rssMiB, 0)} / ${round(samples[samples.length - 1]!.rssMiB, 0)} | ${round(Math.max(...samples.map((s) => s.heapUsedMiB)), 0)} |`,
          ].join('\n'),
        ],
        notes: [
          'Each signal is a distinct ticket about a distinct full mailbox, so each is a full remediation (about a dozen outside calls, one run, three write-backs), not a duplicate.',
          'RSS is the whole process: the app, and the ConnectWise and Microsoft 365 simulators holding N users and N tickets (their request logs are trimmed while sampling). The "before" figure already includes the simulators’ world and the stored backlog.',
          'One Node.js thread runs the engine, the simulators and the synchronous SQLite store (synchronous=FULL: an fsync per commit); the store time is when nothing else could run.',
        ],
      };
    } finally {
      await b.close();
    }
  },
};
