import type { BenchSizes } from './sizes.js';

/** A limit a figure is compared with, measured in the same run (or stated as a constant). */
export interface Limit {
  label: string;
  value: number | null;
  unit: string;
}

/** How the figure relates to its limit: a ratio, an overhead, a difference. */
export interface Comparison {
  label: string;
  value: number | null;
  unit: string;
}

/** One number of a benchmark, always reported next to what it is compared with. */
export interface Figure {
  /** Stable key (the same in every mode), e.g. `max_accepted_per_s`. */
  key: string;
  label: string;
  value: number | null;
  unit: string;
  limit: Limit | null;
  comparison: Comparison | null;
  /** Conditions the figure was measured under (latency injected, load, sample count...). */
  params?: Record<string, string | number | boolean>;
  note?: string;
  /**
   * Why the run could not measure this figure (e.g. `run too short`): `value` and the
   * comparison's value are null and the report prints `not measured (<why>)`, never a ratio.
   */
  notMeasured?: string;
}

/** What one benchmark hands back; the report writer adds id, title and timing. */
export interface BenchmarkOutput {
  figures: Figure[];
  /** Raw measurements and tables behind the figures (kept in the JSON only). */
  details: Record<string, unknown>;
  /** What limits these figures, what was included or left out. */
  notes: string[];
  /** Extra Markdown tables (already rendered) for this benchmark's section. */
  tables?: string[];
}

export interface BenchmarkResult extends BenchmarkOutput {
  id: string;
  title: string;
  measures: string;
  startedAt: string;
  durationMs: number;
  environment: RunEnvironment;
  error?: string;
}

/** How busy the machine was while a benchmark ran (other processes skew every figure). */
export interface RunEnvironment {
  loadAvgStart: number;
  loadAvgEnd: number;
  /** Cores busy on the whole machine, on average (from /proc/stat; null elsewhere). */
  machineCoresBusy: number | null;
  /** Cores this process (app + simulators) used, on average. */
  benchProcessCores: number;
}

export interface BenchContext {
  mode: BenchMode;
  sizes: BenchSizes;
  /** A fresh scratch folder for this benchmark (data dirs go here). */
  scratchDir: string;
  log(message: string): void;
}

export type BenchMode = 'full' | 'quick';

/**
 * One benchmark. Register it in `registry.ts`; the runner calls each in turn and the report
 * writer renders every result the same way, so a new PSA's rate-limited throughput or a Redis
 * scale-out run is one more file and one more line in the registry.
 */
export interface Benchmark {
  id: string;
  title: string;
  /** One sentence: what exactly is measured, from where to where. */
  measures: string;
  run(ctx: BenchContext): Promise<BenchmarkOutput>;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
  /** The filesystem the embedded store writes to (fsync cost depends on it). */
  dataDirFilesystem: string | null;
}

export interface BenchReport {
  tool: 'ticketfix-bench';
  schemaVersion: 1;
  mode: BenchMode;
  sizesName: string;
  sizes: BenchSizes;
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  benchmarks: BenchmarkResult[];
}
