import type { RmmJobResult, RmmService, SoftwarePackage } from '../src/model/rmm.js';

const MAX_OUTPUT = 4_000;

export const truncate = (s: string): string => (s.length > MAX_OUTPUT ? `${s.slice(0, MAX_OUTPUT)}… [truncated]` : s);

export const jobResult = (jobId: string, status: RmmJobResult['status'], exitCode: number | null, stdout: string, stderr: string): RmmJobResult => ({
  jobId,
  status,
  exitCode,
  stdout: truncate(stdout),
  stderr: truncate(stderr),
});

/** Chocolatey's success codes: 1641 and 3010 mean "installed, reboot pending" (choco never reboots itself). */
export const chocoSucceeded = (exitCode: number | null): boolean => exitCode === 0 || exitCode === 1641 || exitCode === 3010;

/** Maps an RMM's service state words (running, Running, RUNNING, start_pending, STOPPED...) to ours. */
export function toServiceStatus(s: string): RmmService['status'] {
  const v = s.toLowerCase().replace(/[\s-]+/g, '_');
  if (v === 'running' || v === 'started') return 'running';
  if (v === 'stopped') return 'stopped';
  if (v === 'start_pending' || v === 'starting') return 'start_pending';
  if (v === 'stop_pending' || v === 'stopping') return 'stop_pending';
  if (v === 'paused') return 'paused';
  return 'unknown';
}

/** Asks `probe` every `intervalMs` until it returns a value or `timeoutMs` passes (null). */
export async function pollUntil<T>(o: { intervalMs: number; timeoutMs: number; sleep: (ms: number) => Promise<void>; now?: () => Date }, probe: () => Promise<T | null>): Promise<T | null> {
  const now = () => (o.now ? o.now().getTime() : Date.now());
  const deadline = now() + o.timeoutMs;
  let polls = 0;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    polls += 1;
    // A bound on polls as well as time, so a frozen test clock cannot spin forever.
    if (now() >= deadline || polls * o.intervalMs >= o.timeoutMs) return null;
    await o.sleep(o.intervalMs);
  }
}

/**
 * Only Chocolatey packages with a plain id go to an RMM: the id ends up on a command line on the
 * device, so anything else is refused here rather than quoted.
 */
export function assertChocoPackage(pkg: SoftwarePackage, rmm: string): void {
  if (pkg.manager !== 'choco') throw new Error(`${rmm} installs Chocolatey packages only (asked for ${pkg.manager} '${pkg.id}')`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(pkg.id)) throw new Error(`'${pkg.id}' is not a Chocolatey package id`);
}
