import type { RmmJobResult, SoftwarePackage } from '../../src/model/rmm.js';

/** Chocolatey: 0 is success; 1641 and 3010 are success with a reboot pending (choco never reboots). */
const CHOCO_OK = new Set([0, 1641, 3010]);
const REBOOT = new Set([1641, 3010]);

export interface InstallOutcome {
  ok: boolean;
  rebootPending: boolean;
  detail: string;
}

/** Reads a package manager's job result the way the manager means its exit code. */
export function installOutcome(manager: SoftwarePackage['manager'], job: RmmJobResult): InstallOutcome {
  if (job.status === 'timeout') return { ok: false, rebootPending: false, detail: `the ${manager} job ${job.jobId} timed out` };
  const code = job.exitCode;
  if (manager === 'choco') {
    if (code !== null && CHOCO_OK.has(code)) return { ok: true, rebootPending: REBOOT.has(code), detail: `choco exit code ${code}${REBOOT.has(code) ? ' (installed, reboot pending)' : ''}` };
    // Some RMMs report a completed job without an exit code: success only if the job completed.
    if (code === null && job.status === 'completed') return { ok: true, rebootPending: false, detail: 'choco job completed' };
    return { ok: false, rebootPending: false, detail: `choco exit code ${code ?? 'unknown'}${job.stderr ? `: ${job.stderr.slice(0, 200)}` : ''}` };
  }
  if (code === 0 || (code === null && job.status === 'completed')) return { ok: true, rebootPending: false, detail: `winget exit code ${code ?? 0}` };
  return { ok: false, rebootPending: false, detail: `winget exit code ${code ?? 'unknown'}${job.stderr ? `: ${job.stderr.slice(0, 200)}` : ''}` };
}
