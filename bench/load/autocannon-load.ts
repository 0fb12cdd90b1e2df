import autocannon from 'autocannon';
import { summarize } from '../support/stats.js';
import type { LoadJob, LoadResult } from './load-job.js';
import { signedCallback } from './signed-callback.js';

type MaxJob = Extract<LoadJob, { mode: 'max' }>;

/** Closed-loop load with autocannon: `connections` requests in flight, each body unique and signed. */
export async function autocannonLoad(job: MaxJob, seqStart: number, durationSec: number): Promise<{ result: LoadResult; nextSeq: number }> {
  let seq = seqStart;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const url = new URL(job.target.url);
  const instance = autocannon({
    url: url.origin,
    connections: job.connections,
    duration: durationSec,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: url.pathname,
        setupRequest(request) {
          const { body, signature } = signedCallback(job.target, seq++, job.nonce);
          return { ...request, method: 'POST', path: url.pathname, body, headers: { 'content-type': 'application/json', 'x-content-signature': signature } };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const cpu = process.cpuUsage();
  const r = await instance;
  const used = process.cpuUsage(cpu);
  const completed = Object.values(statusCounts).reduce((s, n) => s + n, 0);
  const accepted = latencies.length;
  return {
    nextSeq: seq,
    result: {
      mode: 'max',
      generator: `autocannon ${job.connections} connections, closed loop`,
      durationSec: r.duration,
      sent: r.requests.sent,
      completed,
      statusCounts,
      errors: r.errors,
      timeouts: r.timeouts,
      acceptedPerSec: accepted / r.duration,
      latencyMs: summarize(latencies),
      perSecond: { mean: r.requests.mean, min: r.requests.min, max: r.requests.max, stddev: r.requests.stddev },
      cpuMs: (used.user + used.system) / 1000,
      warmup2xx: 0,
    },
  };
}
