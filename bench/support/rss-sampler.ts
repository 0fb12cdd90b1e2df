export interface MemorySample {
  atMs: number;
  rssMiB: number;
  heapUsedMiB: number;
}

const MiB = 1024 * 1024;

export function memoryNow(atMs = 0): MemorySample {
  const m = process.memoryUsage();
  return { atMs, rssMiB: m.rss / MiB, heapUsedMiB: m.heapUsed / MiB };
}

/** Samples this process's memory every `periodMs` until stopped; `onTick` runs at each sample. */
export function startMemorySampler(periodMs: number, onTick?: () => void) {
  const t0 = performance.now();
  const samples: MemorySample[] = [memoryNow(0)];
  const timer = setInterval(() => {
    samples.push(memoryNow(performance.now() - t0));
    onTick?.();
  }, periodMs);
  return {
    samples,
    stop(): MemorySample[] {
      clearInterval(timer);
      samples.push(memoryNow(performance.now() - t0));
      return samples;
    },
    peak: () => samples.reduce((p, s) => (s.rssMiB > p.rssMiB ? s : p), samples[0]!),
  };
}
