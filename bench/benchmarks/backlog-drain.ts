import { randomUUID } from 'node:crypto';
import type { Signal } from '../../src/model/signal.js';
import { signalJob } from '../../src/queue/jobs.js';
import { SANDBOX_CW } from '../../src/sandbox/sandbox-config.js';
import { connectwiseInstallation, settle, startBenchSandbox, trimSimulatorLogs } from '../support/bench-sandbox.js';
import { countStoredSignals } from '../support/stored-signals.js';
import { benchWorld, FULL_MAILBOX_SUMMARY, warmupMailboxes } from '../support/bench-world.js';
import { resolveOneTicket } from '../support/resolve-ticket.js';
import { memoryNow, startMemorySampler } from '../support/rss-sampler.js';
import { ratio, round } from '../support/stats.js';
import { startRedis } from '../../support/redis-server.js';
import type { BenchContext, Benchmark, BenchmarkOutput } from '../types.js';

export const backlogDrain: Benchmark = {
  id: 'backlog-drain',
  title: 'Backlog drain',
  measures:
    'N accepted, stored, unprocessed signals (each a distinct full-mailbox ticket) handed to the queue at once, as a restarted process does: time until every run is finished and the outbox is empty, and this process’s RSS meanwhile; on the embedded SQLite store with the in-process queue, then on Redis with BullMQ.',
  async run(ctx): Promise<BenchmarkOutput> {
    const embedded = await drain(ctx, null);
    const redis = await startRedis();
    if (!redis) throw new Error('redis-server is not installed (apt-get install -y redis-server): the Redis backlog needs it');
    let onRedis: BenchmarkOutput;
    try {
      onRedis = await drain(ctx, redis.url);
    } finally {
      await redis.stop();
    }
    return {
      figures: [...embedded.figures, ...onRedis.figures],
      tables: [...(embedded.tables ?? []), ...(onRedis.tables ?? [])],
      details: { embedded: embedded.details, redis: onRedis.details },
      notes: [...embedded.notes, ...onRedis.notes],
    };
  },
};

/** One drain: on the timed embedded store (redisUrl null), or on Redis and BullMQ. */
async function drain(ctx: BenchContext, redisUrl: string | null): Promise<BenchmarkOutput> {
    const n = ctx.sizes.backlog.signals;
    const { world, mailboxes } = benchWorld(n);
    const warmups = warmupMailboxes(world);
    const backend = redisUrl ? 'redis' : 'sqlite';
    const b = await startBenchSandbox({ scratchDir: ctx.scratchDir, name: `backlog-${backend}`, world, redis: redisUrl ? { url: redisUrl, prefix: `bench-backlog-${randomUUID().slice(0, 8)}:` } : undefined });
    const label = redisUrl ? ' (Redis + BullMQ)' : '';
    const keySuffix = redisUrl ? '_redis' : '';
    try {
      const { sb, timed } = b;
      for (const m of warmups) await resolveOneTicket(b, m);
      const install = connectwiseInstallation(sb);
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
        signals.push((await sb.app.store.putSignal(signal)).signal);
      }
      const enqueueSec = (performance.now() - enqueueStarted) / 1000;
      trimSimulatorLogs(sb);
      const baseline = memoryNow();
      timed.reset();
      // Outside calls are counted, not kept (the list would grow with the backlog).
      b.recorder.clear();
      let outsideCalls = 0;
      let lastLog = 0;
      const trim = () => {
        trimSimulatorLogs(sb);
        outsideCalls += b.recorder.attempts.length;
        b.recorder.clear();
        const now = performance.now();
        if (now - (lastLog || started) > 15_000) {
          lastLog = now;
          ctx.log(`  backlog: ${sb.app.queue.size()} jobs left after ${((now - started) / 1000).toFixed(0)} s`);
        }
      };
      const cpu = process.cpuUsage();
      const started = performance.now();
      const sampler = startMemorySampler(ctx.sizes.backlog.sampleMs, trim);
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
      // The warm-up tickets' runs are resolved too; they are not part of the backlog.
      const resolved = (await sb.app.store.listRuns({ state: 'resolved', limit: n * 2 + 10 })).length - warmups.length;
      const duplicates = (await sb.app.store.listRuns({ state: 'duplicate', limit: n * 4 + 10 })).length;
      const reconcileFed = countStoredSignals(b.dataDir, 'reconcile:');
      const undelivered = (await sb.app.store.listOutbox({ delivered: false })).length;
      const drainRate = n / drainSec;
      const storeBound = storeSec > 0 ? n / storeSec : null;
      return {
        figures: [
          {
            key: `backlog_drain_s${keySuffix}`,
            label: `Time to drain ${n} queued signals${label}`,
            value: round(drainSec, 2),
            unit: 's',
            limit: { label: redisUrl ? 'time store calls held the event loop meanwhile (Redis calls are asynchronous: only their client-side work)' : 'time the store held the event loop meanwhile (SQLite is synchronous)', value: round(storeSec, 2), unit: 's' },
            comparison: { label: 'store share of the drain', value: round((ratio(storeSec, drainSec) ?? 0) * 100, 1), unit: '%' },
            params: { signals: n, concurrency: 8 },
          },
          {
            key: `backlog_drain_per_s${keySuffix}`,
            label: `Drain rate (signals resolved per second)${label}`,
            value: round(drainRate, 1),
            unit: '/s',
            limit: { label: 'store-bound ceiling (signals ÷ store time)', value: round(storeBound, 1), unit: '/s' },
            comparison: { label: 'measured ÷ ceiling', value: round(ratio(drainRate, storeBound), 2), unit: '×' },
          },
          {
            key: `backlog_peak_rss_mib${keySuffix}`,
            label: `Peak RSS while draining (app + in-process simulators)${label}`,
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
          duplicateRuns: duplicates,
          reconcileFedSignals: reconcileFed,
          undeliveredOutbox: undelivered,
          outsideCalls,
          outsideCallsPerSignal: round(outsideCalls / n, 2),
          memory: { baseline, peak, end: samples[samples.length - 1], samples: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 200)) === 0) },
        },
        tables: [
          [
            '| signals | stored at (putSignal/s) | drain s | resolved runs | duplicate runs (signals fed by reconcile) | undelivered outbox | store s | process CPU s (% of one core) | outside calls per signal | RSS before / peak / end MiB | heap peak MiB |',
            '|---|---|---|---|---|---|---|---|---|---|---|',
            `| ${n} | ${round(n / enqueueSec, 1)} | ${round(drainSec, 2)} | ${resolved} | ${duplicates} (${reconcileFed ?? 'n/a'}) | ${undelivered} | ${round(storeSec, 2)} | ${round(cpuSec, 2)} (${round((cpuSec / drainSec) * 100, 0)}%) | ${round(outsideCalls / n, 2)} | ${round(baseline.rssMiB, 0)} / ${round(peak.rssMiB, 0)} / ${round(samples[samples.length - 1]!.rssMiB, 0)} | ${round(Math.max(...samples.map((s) => s.heapUsedMiB)), 0)} |`,
          ].join('\n'),
        ],
        notes: [
          'Each signal is a distinct ticket about a distinct full mailbox, so each is a full remediation (about a dozen outside calls, one run, three write-backs), not a duplicate.',
          'RSS is the whole process: the app, and the ConnectWise and Microsoft 365 simulators holding N users and N tickets (their request logs are trimmed while sampling). The "before" figure already includes the simulators’ world and the stored backlog.',
          reconcileFed
            ? `The scheduled missed-webhook reconcile (every minute) stays on. A ticket whose signal is stored but not yet turned into a run looks like a missed webhook to it, so during this drain it fed ${reconcileFed} more signals; they became duplicate runs (a ticket re-read each) and are part of the time above.`
            : 'The scheduled missed-webhook reconcile (every minute) stays on; it fed no signal during this drain.',
          redisUrl
            ? 'Redis: store and BullMQ queue on a private redis-server on loopback (no persistence configured); the RSS is this process only (app + simulators), not the Redis server’s. The in-process queue is replaced by BullMQ, so each job is a Redis round trip too.'
            : 'One Node.js thread runs the engine, the simulators and the synchronous SQLite store (synchronous=FULL: an fsync per commit); the store time is when nothing else could run.',
          `Target: under 300 MB RSS with 10,000 signals queued (this run: ${n}; peak ${round(peak.rssMiB, 0)} MiB).`,
        ],
      };
    } finally {
      await b.close();
    }
}
