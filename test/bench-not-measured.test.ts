import { describe, expect, it } from 'vitest';
import { limitedFigures, type PsaRun } from '../bench/benchmarks/rate-limited-throughput.js';
import { renderMarkdown } from '../bench/report/markdown.js';
import type { BenchReport } from '../bench/types.js';

/** A run as quick mode makes it: Autotask, 8 s against a 60-s window (the 718% of the issue). */
const quickAutotask: PsaRun = {
  psa: 'autotask',
  windowMs: 60_000,
  maxPerWindow: 167,
  durationSec: 8,
  created: 60,
  stored: 60,
  resolvedInRun: 20,
  lost: 0,
  lostReasons: {},
  stillRunning: 40,
  psaCalls: 100,
  psaCallsPerTicket: 5,
  responses429: 0,
  perWindow: [20],
  ticketsPerMin: 239.8,
  ceilingPerMin: 33.4,
};

function reportWith(figures: ReturnType<typeof limitedFigures>): BenchReport {
  return {
    tool: 'ticketfix-bench',
    schemaVersion: 1,
    mode: 'quick',
    sizesName: 'quick',
    sizes: {} as BenchReport['sizes'],
    startedAt: '2026-12-08T00:00:00.000Z',
    durationMs: 1,
    machine: { cpuModel: 'x', cores: 2, memoryGiB: 1, node: 'v20', platform: 'linux', kernel: 'k', dataDirFilesystem: null },
    benchmarks: [
      {
        id: 'rate-limited-throughput',
        title: 'Throughput',
        measures: 'm',
        startedAt: '2026-12-08T00:00:00.000Z',
        durationMs: 1,
        environment: { loadAvgStart: 0, loadAvgEnd: 0, machineCoresBusy: null, benchProcessCores: 0 },
        figures,
        details: {},
        notes: [],
      },
    ],
  };
}

describe('rate-limited throughput: a run too short for its window', () => {
  it('reports no rate and no ratio, and the report says why', () => {
    const [rate] = limitedFigures(quickAutotask);
    expect(rate).toMatchObject({ key: 'limited_tickets_per_min_autotask', value: null, notMeasured: 'run too short', comparison: { value: null } });
    const md = renderMarkdown(reportWith(limitedFigures(quickAutotask)), 'chart.svg');
    expect(md).toContain('| Autotask: resolved tickets per minute under its rate limit (scaled ×60) | **not measured (run too short)** |');
    expect(md).not.toContain('718');
    expect(md).not.toContain('%');
  });

  it('still reports the rate and its ratio for a run of two whole windows', () => {
    const [rate] = limitedFigures({ ...quickAutotask, durationSec: 120, ticketsPerMin: 16.7 });
    expect(rate).toMatchObject({ value: 16.7, comparison: { value: 50 } });
    expect(rate!.notMeasured).toBeUndefined();
    expect(renderMarkdown(reportWith([rate!]), 'chart.svg')).toContain('**16.7 /min** | 33.4 /min — ceiling: 167 requests per 60 s ÷ 5 calls per ticket | 50% (measured ÷ ceiling) |');
  });
});
