import type { RmmAdapter, RmmJobResult } from '../../src/model/rmm.js';
import type { ActHandover, ActedState, ValidationResult } from '../../src/remediation/define.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { installOutcome } from './exit-codes.js';
import { findInstalled } from './inventory.js';
import type { SoftwareInstallInput } from './settings.js';

// The install job's answer, handed to validate and the note through the run record (a restart
// or another instance validating the run still knows the exit code and "reboot pending").
const JOB = 'installJob';
const jobOf = (acted: ActedState | undefined): RmmJobResult | null => {
  const job = acted?.output[JOB] as Partial<RmmJobResult> | undefined;
  return job && typeof job.status === 'string' ? { jobId: String(job.jobId ?? ''), status: job.status, exitCode: job.exitCode ?? null, stdout: '', stderr: '' } : null;
};

/**
 * Installs; a failing exit code is an error (the engine then reads the inventory to be sure).
 * The job's exit code is kept first (`remember`), so it survives that error too.
 */
export async function install(rmm: RmmAdapter, input: SoftwareInstallInput, remember?: (h: ActHandover) => Promise<void>): Promise<void> {
  const job = await rmm.installSoftware(input.deviceId, input.package);
  await remember?.({ output: { [JOB]: { jobId: job.jobId, status: job.status, exitCode: job.exitCode } } });
  const outcome = installOutcome(input.package.manager, job);
  if (!outcome.ok) throw new OutsideApiError(rmm.rmm, 'installSoftware', null, `installing ${input.package.id} on ${input.deviceName} failed: ${outcome.detail}`, false);
}

/** Reads the RMM's software inventory: the package must be there (at the pinned version when there is one). */
export async function checkInstalled(rmm: RmmAdapter, input: SoftwareInstallInput, want: boolean, acted?: ActedState): Promise<ValidationResult> {
  const found = findInstalled(await rmm.listSoftware(input.deviceId), input.application, input.package);
  const job = jobOf(acted);
  const outcome = job ? installOutcome(input.package.manager, job) : null;
  const observed: Record<string, unknown> = { installed: Boolean(found), version: found?.version ?? null, ...(outcome ? { exitCode: job!.exitCode, rebootPending: outcome.rebootPending } : {}) };
  const where = `the ${rmm.rmm} software inventory of ${input.deviceName}`;
  if (!want) {
    return found ? { ok: false, observed, message: `${where} still lists ${input.application}` } : { ok: true, observed, message: `${where} no longer lists ${input.application}` };
  }
  if (!found) return { ok: false, observed, message: `${where} does not list ${input.application}${outcome ? ` (${outcome.detail})` : ''}` };
  const pinned = input.package.version;
  if (pinned && !(found.version ?? '').startsWith(pinned)) return { ok: false, observed, message: `${where} lists ${input.application} ${found.version ?? '(no version)'}, expected ${pinned}` };
  return { ok: true, observed, message: `${where} lists ${input.application} ${found.version ?? ''}`.trim() + (outcome?.rebootPending ? '; a reboot is pending to finish the install' : '') };
}

export async function uninstall(rmm: RmmAdapter, input: SoftwareInstallInput): Promise<ValidationResult> {
  await rmm.uninstallSoftware(input.deviceId, input.package);
  return checkInstalled(rmm, input, false);
}
