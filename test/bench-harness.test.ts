import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../bench/registry.js';
import type { BenchReport } from '../bench/types.js';

// Checks that the harness runs and writes what it should. It asserts no performance figure:
// the sizes are tiny and the machine is shared, so the numbers mean nothing here.
const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
let outDir: string;
let files: string[];
let report: BenchReport;

const read = (ext: string) => readFileSync(join(outDir, files.find((f) => f.endsWith(ext))!), 'utf8');

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'tfx-bench-test-'));
  await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--sizes', 'tiny', '--out', outDir], { cwd: root, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
  files = readdirSync(outDir);
  report = JSON.parse(read('.json')) as BenchReport;
}, 270_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('bench harness (quick mode, tiny sizes)', () => {
  it('writes one JSON, one Markdown and one SVG file named after the run', () => {
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(1);
    expect(files.every((f) => /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-quick-tiny\.(json|md|svg)$/.test(f))).toBe(true);
  });

  it('records the run and the machine', () => {
    expect(report).toMatchObject({ tool: 'ticketfix-bench', schemaVersion: 1, mode: 'quick', sizesName: 'tiny' });
    expect(Object.keys(report.machine).sort()).toEqual(['cores', 'cpuModel', 'dataDirFilesystem', 'kernel', 'memoryGiB', 'node', 'platform']);
    expect(report.machine.node).toBe(process.version);
  });

  it('runs every registered benchmark without error, each figure next to a limit and a comparison', () => {
    expect(report.benchmarks.map((b) => b.id)).toEqual(BENCHMARKS.map((b) => b.id));
    for (const b of report.benchmarks) {
      expect(b.error, `${b.id}: ${b.error}`).toBeUndefined();
      expect(Object.keys(b.environment).sort()).toEqual(['benchProcessCores', 'loadAvgEnd', 'loadAvgStart', 'machineCoresBusy']);
      expect(b.figures.length).toBeGreaterThan(0);
      for (const f of b.figures) {
        expect(f).toEqual(expect.objectContaining({ key: expect.any(String), label: expect.any(String), unit: expect.any(String) }));
        expect(f.value === null || typeof f.value === 'number').toBe(true);
        expect(f.limit).toEqual(expect.objectContaining({ label: expect.any(String), unit: expect.any(String) }));
        expect(f.comparison).toEqual(expect.objectContaining({ label: expect.any(String), unit: expect.any(String) }));
      }
    }
  });

  it('has the figures each benchmark promises', () => {
    const keys = (id: string) => report.benchmarks.find((b) => b.id === id)!.figures.map((f) => f.key);
    expect(keys('webhook-intake')).toEqual(
      expect.arrayContaining(['max_accepted_per_s_intake_only', 'max_accepted_per_s_with_workers', 'store_ceiling_per_s', 'ack_p50_ms_intake_only', 'ack_p99_ms_intake_only', 'ack_p50_ms_with_workers', 'ack_p99_ms_with_workers']),
    );
    expect(keys('alert-to-resolved')).toEqual(
      expect.arrayContaining(['alert_to_resolved_p50_ms@0ms', 'alert_to_resolved_p99_ms@0ms', 'alert_to_resolved_p50_ms@100ms', 'alert_to_resolved_p99_ms@100ms']),
    );
    expect(keys('calls-per-ticket')).toEqual(expect.arrayContaining(['outside_calls_per_ticket', 'outside_calls_per_ticket_connectwise', 'outside_calls_per_ticket_microsoft_365', 'outside_calls_cold_ticket']));
    expect(keys('backlog-drain')).toEqual(expect.arrayContaining(['backlog_drain_s', 'backlog_drain_per_s', 'backlog_peak_rss_mib', 'backlog_drain_s_redis', 'backlog_peak_rss_mib_redis']));
    expect(keys('calls-per-psa')).toEqual(expect.arrayContaining(['psa_calls_per_ticket_connectwise', 'psa_calls_per_ticket_autotask', 'psa_calls_per_ticket_halopsa']));
    expect(keys('rate-limited-throughput')).toEqual(expect.arrayContaining(['limited_tickets_per_min_halopsa', 'limited_tickets_per_min_autotask', 'limited_429_halopsa', 'limited_429_autotask']));
    expect(keys('scale-out')).toEqual(['scale_out_per_s_two']);
    expect(keys('app-cpu-per-ticket')).toEqual(['app_cpu_ms_per_ticket', 'app_cpu_peak_rss_mib']);
    const intake = report.benchmarks.find((b) => b.id === 'webhook-intake')!.details as { runs: Record<string, unknown> };
    expect(Object.keys(intake.runs).sort()).toEqual(['maxBare', 'maxBg', 'maxOnly', 'rateBare', 'rateBg', 'rateOnly']);
  });

  it('renders a Markdown report with the machine and a figure table per benchmark', () => {
    const md = read('.md');
    expect(md).toContain(`| CPU | ${report.machine.cpuModel} |`);
    expect(md).toContain(`| Node.js | ${process.version}`);
    for (const b of BENCHMARKS) expect(md).toContain(`## ${b.title}`);
    expect(md.match(/\| figure \| measured \| limit \(same run\) \| comparison \|/g)).toHaveLength(BENCHMARKS.length);
    expect(md).toContain(files.find((f) => f.endsWith('.svg')));
  });

  it('renders an SVG chart with a measured and a limit bar per figure', () => {
    const svg = read('.svg');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const figures = report.benchmarks.reduce((n, b) => n + b.figures.length, 0);
    expect(svg.match(/class="m"\/>/g)).toHaveLength(figures);
    expect(svg.match(/class="g"\/>/g)).toHaveLength(figures);
    for (const b of BENCHMARKS) expect(svg).toContain(b.title);
  });
});
