import { Agent, request } from 'node:http';
import { summarize } from '../support/stats.js';
import type { LoadJob, LoadResult } from './load-job.js';
import { signedCallback } from './signed-callback.js';

type RateJob = Extract<LoadJob, { mode: 'rate' }>;

/**
 * Open-loop load at a fixed rate: request i is due at i/rate s and is sent then whether or not
 * earlier ones were answered (autocannon's rate limit instead sends each second's quota as a
 * burst, which measures the burst, not a steady rate). Latency runs from writing the request
 * to reading the whole response; how late the generator itself was is reported apart.
 */
export async function pacedLoad(job: RateJob, seqStart: number, durationSec: number): Promise<{ result: LoadResult; nextSeq: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.maxSockets });
  const total = Math.max(1, Math.round(job.ratePerSec * durationSec));
  const latencies: number[] = [];
  const lags: number[] = [];
  const statusCounts: Record<string, number> = {};
  let seq = seqStart;
  let sent = 0;
  let done = 0;
  let errors = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));

  const settleOne = () => {
    done += 1;
    if (done === total) finish();
  };

  function send(dueAt: number): void {
    const { body, signature } = signedCallback(job.target, seq++, job.nonce);
    const started = performance.now();
    lags.push(started - dueAt);
    const req = request(job.target.url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-content-signature': signature } }, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
        if (status >= 200 && status < 300) latencies.push(performance.now() - started);
        settleOne();
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      errors += 1;
      settleOne();
    });
    req.end(body);
  }

  const interval = 1000 / job.ratePerSec;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - t0;
      while (sent < total && sent * interval <= elapsed) {
        send(t0 + sent * interval);
        sent += 1;
      }
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(interval, 1)));
      else resolve();
    };
    tick();
  });
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
  const outcome = await Promise.race([allDone.then(() => 'done' as const), timeout]);
  const elapsedSec = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return {
    nextSeq: seq,
    result: {
      mode: 'rate',
      generator: `open loop at ${job.ratePerSec}/s (node:http keep-alive, up to ${job.maxSockets} sockets)`,
      durationSec: elapsedSec,
      sent,
      completed: done - errors,
      statusCounts,
      errors,
      timeouts: outcome === 'timeout' ? total - done : 0,
      acceptedPerSec: latencies.length / elapsedSec,
      latencyMs: summarize(latencies),
      scheduleLagMs: summarize(lags),
      cpuMs: (used.user + used.system) / 1000,
      warmup2xx: 0,
    },
  };
}
