import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { RunEnvironment } from '../types.js';

function cpuJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((s, x) => s + x, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Starts watching the machine; `stop()` says how busy it was meanwhile. */
export function watchEnvironment(cores: number): { stop(): RunEnvironment } {
  const load0 = loadavg()[0] ?? 0;
  const j0 = cpuJiffies();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      const j1 = cpuJiffies();
      const wallMs = performance.now() - t0;
      const own = process.cpuUsage(cpu0);
      const machine = j0 && j1 && j1.total > j0.total ? ((j1.busy - j0.busy) / (j1.total - j0.total)) * cores : null;
      return {
        loadAvgStart: Math.round(load0 * 100) / 100,
        loadAvgEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        machineCoresBusy: machine === null ? null : Math.round(machine * 100) / 100,
        benchProcessCores: Math.round(((own.user + own.system) / 1000 / wallMs) * 100) / 100,
      };
    },
  };
}
