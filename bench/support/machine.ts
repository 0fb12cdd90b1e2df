import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import type { MachineInfo } from '../types.js';

/** The filesystem type and device under `dir` (`df -T`), or null where df is missing. */
function filesystemOf(dir: string): string | null {
  try {
    const lines = execFileSync('df', ['-T', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
    const [device, type] = (lines[1] ?? '').split(/\s+/);
    return device && type ? `${type} on ${device}` : null;
  } catch {
    return null;
  }
}

export function machineInfo(dataDir: string): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    kernel: release(),
    dataDirFilesystem: filesystemOf(dataDir),
  };
}
