/**
 * The load generator's own process: `node --import tsx bench/load/load-worker.ts '<LoadJob JSON>'`.
 * Prints one JSON event per line: measure-start, measure-end, then the result.
 */
import { autocannonLoad } from './autocannon-load.js';
import type { LoadEvent, LoadJob, LoadResult } from './load-job.js';
import { pacedLoad } from './paced-load.js';

const count2xx = (r: LoadResult) => Object.entries(r.statusCounts).reduce((s, [code, n]) => (code.startsWith('2') ? s + n : s), 0);

const emit = (e: LoadEvent) => process.stdout.write(`${JSON.stringify(e)}\n`);

async function phase(job: LoadJob, seq: number, durationSec: number): Promise<{ result: LoadResult; nextSeq: number }> {
  return job.mode === 'max' ? autocannonLoad(job, seq, durationSec) : pacedLoad(job, seq, durationSec);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as LoadJob;
  let seq = 0;
  let warmup2xx = 0;
  if (job.warmupSec > 0) {
    const warm = await phase(job, seq, job.warmupSec);
    seq = warm.nextSeq;
    warmup2xx = count2xx(warm.result);
  }
  emit({ event: 'measure-start' });
  const { result } = await phase(job, seq, job.durationSec);
  emit({ event: 'measure-end' });
  emit({ event: 'result', result: { ...result, warmup2xx } });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    emit({ event: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);
