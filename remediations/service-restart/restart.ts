import type { RmmAdapter } from '../../src/model/rmm.js';
import type { ValidationResult } from '../../src/remediation/define.js';
import type { ServiceRestartInput } from './settings.js';

/** Restarts the service on each planned device. A job the RMM reports as failed is left to validation to find. */
export async function restartAll(rmm: RmmAdapter, input: ServiceRestartInput): Promise<void> {
  for (const d of input.devices) await rmm.restartService(d.id, input.service);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Reads every device again: the service must be running and, when the RMM can say, its own check
 * must pass again. A service still starting is read a few more times before it counts as failed.
 */
export async function checkRunning(rmm: RmmAdapter, input: ServiceRestartInput, pauseMs = 500): Promise<ValidationResult> {
  const observed: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const d of input.devices) {
    let status = (await rmm.getService(d.id, input.service))?.status ?? 'missing';
    for (let i = 0; i < 6 && status === 'start_pending'; i++) {
      await sleep(pauseMs);
      status = (await rmm.getService(d.id, input.service))?.status ?? 'missing';
    }
    const check = input.checkId && rmm.checkPasses ? await rmm.checkPasses(d.id, input.checkId) : null;
    observed[d.id] = { service: status, checkPasses: check };
    if (status !== 'running') problems.push(`${input.service} on ${d.name} is ${status}`);
    else if (check === false) problems.push(`${input.service} on ${d.name} runs but the RMM check ${input.checkId} still fails`);
  }
  if (problems.length > 0) return { ok: false, observed, message: problems.join('; ') };
  const checkText = input.checkId && rmm.checkPasses ? ` and the ${rmm.rmm} check ${input.checkId} passes again` : '';
  return { ok: true, observed, message: `the ${rmm.rmm} API reports ${input.service} running on ${input.devices.map((d) => d.name).join(', ')}${checkText}` };
}
