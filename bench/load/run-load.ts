import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadEvent, LoadJob, LoadResult } from './load-job.js';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadHooks {
  /** Called when the measured phase starts and ends (after the warm-up), to snapshot the app side. */
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
}

/** Runs one load job in its own Node process (the load never shares the app's event loop). */
export function runLoad(job: LoadJob, hooks: LoadHooks = {}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    let result: LoadResult | undefined;
    let failure: string | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const e = JSON.parse(line) as LoadEvent;
        if (e.event === 'measure-start') hooks.onMeasureStart?.();
        else if (e.event === 'measure-end') hooks.onMeasureEnd?.();
        else if (e.event === 'result') result = e.result;
        else failure = e.message;
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`load process failed (exit ${code}): ${failure ?? stderr.trim()}`));
    });
  });
}
