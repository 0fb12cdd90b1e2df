import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCHMARKS } from './registry.js';
import { fileStamp, writeResults, type WrittenFiles } from './report/write-results.js';
import { SIZES } from './sizes.js';
import { watchEnvironment } from './support/environment.js';
import { machineInfo } from './support/machine.js';
import type { BenchMode, BenchReport, BenchmarkResult } from './types.js';

export interface RunOptions {
  mode: BenchMode;
  /** Which size table to use (defaults to the mode's own; `tiny` is for the harness test). */
  sizesName?: keyof typeof SIZES;
  outDir: string;
  /** Benchmark ids to run (default: all). */
  only?: string[];
  log?: (message: string) => void;
}

/** Runs the registered benchmarks one after another and writes JSON, Markdown and SVG. */
export async function runBenchmarks(o: RunOptions): Promise<{ report: BenchReport; files: WrittenFiles }> {
  const log = o.log ?? (() => undefined);
  const sizesName = o.sizesName ?? o.mode;
  const sizes = SIZES[sizesName];
  const selected = o.only?.length ? BENCHMARKS.filter((b) => o.only!.includes(b.id)) : BENCHMARKS;
  if (o.only?.length && selected.length !== o.only.length) {
    throw new Error(`unknown benchmark id in ${o.only.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`);
  }
  const scratchRoot = mkdtempSync(join(tmpdir(), 'ticketfix-bench-'));
  const machine = machineInfo(scratchRoot);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const results: BenchmarkResult[] = [];
  try {
    for (const b of selected) {
      log(`▶ ${b.title}`);
      const scratchDir = mkdtempSync(join(scratchRoot, `${b.id}-`));
      const env = watchEnvironment(machine.cores);
      const started = new Date().toISOString();
      const bt = performance.now();
      try {
        const out = await b.run({ mode: o.mode, sizes, scratchDir, log });
        results.push({ id: b.id, title: b.title, measures: b.measures, startedAt: started, durationMs: performance.now() - bt, environment: env.stop(), ...out });
      } catch (err) {
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        log(`  ✗ ${b.id} failed: ${message}`);
        results.push({ id: b.id, title: b.title, measures: b.measures, startedAt: started, durationMs: performance.now() - bt, environment: env.stop(), figures: [], details: {}, notes: [], error: message });
      } finally {
        rmSync(scratchDir, { recursive: true, force: true });
      }
      log(`  done in ${((performance.now() - bt) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(scratchRoot, { recursive: true, force: true });
  }
  const report: BenchReport = { tool: 'ticketfix-bench', schemaVersion: 1, mode: o.mode, sizesName, sizes, startedAt, durationMs: performance.now() - t0, machine, benchmarks: results };
  const stamp = `${fileStamp(startedAt)}-${o.mode}${sizesName !== o.mode ? `-${sizesName}` : ''}`;
  return { report, files: writeResults(report, o.outDir, stamp) };
}
