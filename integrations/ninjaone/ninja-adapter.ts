import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { RmmAdapter, RmmDevice, RmmJobResult, RmmService, RmmSoftware, SoftwarePackage } from '../../src/model/rmm.js';
import type { RmmRuntimeOptions } from '../rmm-integration.js';
import { assertChocoPackage, chocoSucceeded, jobResult, pollUntil, toServiceStatus } from '../rmm-job.js';
import { NinjaActivities, NinjaDevice, NinjaSoftware, NinjaWindowsServices } from './api-schemas.js';
import type { NinjaOneInstallation } from './installation-schema.js';
import { createNinjaClient } from './ninja-client.js';

const scriptBody = (scriptId: number, parameters: string) => ({ type: 'SCRIPT', id: scriptId, parameters, runAs: 'system' });

/** Ninja device ids are integers; anything else cannot be a device (and must not reach a URL). */
const deviceIdOf = (id: string): number | null => (/^\d{1,12}$/.test(id) ? Number(id) : null);

export function createNinjaAdapter(install: NinjaOneInstallation, o: RmmRuntimeOptions): RmmAdapter {
  const n = install.ninjaone;
  const http = createNinjaClient(install, o);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const polling = { intervalMs: n.jobPollMs, timeoutMs: n.jobTimeoutMs, sleep, now: o.now };

  const mustId = (deviceId: string): number => {
    const id = deviceIdOf(deviceId);
    if (id === null) throw new OutsideApiError(`ninjaone:${install.id}`, 'device', null, `'${deviceId}' is not a NinjaOne device id`, false);
    return id;
  };
  const services = (id: number) => http.request({ method: 'GET', path: `/v2/device/${id}/windows-services`, operation: 'listWindowsServices', schema: NinjaWindowsServices });
  const findService = async (id: number, name: string) => (await services(id)).find((s) => s.name.toLowerCase() === name.toLowerCase()) ?? null;
  const actions = (id: number) => http.request({ method: 'GET', path: `/v2/device/${id}/activities`, operation: 'listActivities', query: { activityType: 'ACTION' }, schema: NinjaActivities });

  /**
   * Script runs answer 204 with no job id: the result is the first ACTION activity on the device
   * newer than the ones seen before the run. (Two runs at once on one device could be confused;
   * the engine's idempotency lock allows one action per target at a time.)
   */
  async function runScript(deviceId: string, scriptId: number, parameters: string, label: string): Promise<RmmJobResult> {
    const id = mustId(deviceId);
    const before = await actions(id);
    const seen = Math.max(0, ...before.activities.map((a) => a.id));
    try {
      await http.request({ method: 'POST', path: `/v2/device/${id}/script/run`, operation: 'runScript', body: scriptBody(scriptId, parameters) });
    } catch (err) {
      if (err instanceof OutsideApiError && err.status === 400) return jobResult(`ninjaone-script:${id}:${scriptId}`, 'failed', null, '', err.message);
      throw err;
    }
    const done = await pollUntil(polling, async () => {
      const r = await actions(id);
      return r.activities.filter((a) => a.id > seen && a.activityResult).sort((a, b) => a.id - b.id)[0] ?? null;
    });
    if (!done) return jobResult(`ninjaone-script:${id}:${scriptId}`, 'timeout', null, '', `no ${label} result after ${n.jobTimeoutMs} ms`);
    const params = ((done.data?.message as { params?: { exitCode?: unknown; output?: unknown } } | undefined)?.params ?? {}) as { exitCode?: unknown; output?: unknown };
    const fromText = /exit code:?\s*(\d+)/i.exec(done.message ?? '');
    const exitCode = typeof params.exitCode === 'number' ? params.exitCode : fromText ? Number(fromText[1]) : done.activityResult === 'SUCCESS' ? 0 : 1;
    const ok = done.activityResult === 'SUCCESS' && chocoSucceeded(exitCode);
    return jobResult(`ninjaone-activity:${done.id}`, ok ? 'completed' : 'failed', exitCode, typeof params.output === 'string' ? params.output : (done.message ?? ''), ok ? '' : (done.message ?? ''));
  }

  const scriptsOrThrow = () => {
    if (!n.scripts) throw new Error(`NinjaOne installation '${install.id}' has no scripts.chocoInstall/chocoUninstall: Ninja has no native package verb, configure scripts running 'choco install|uninstall <parameters> -y'`);
    return n.scripts;
  };

  return {
    rmm: 'ninjaone',
    installationId: install.id,
    async getDevice(deviceId): Promise<RmmDevice | null> {
      const id = deviceIdOf(deviceId);
      if (id === null) return null;
      try {
        const d = await http.request({ method: 'GET', path: `/v2/device/${id}`, operation: 'getDevice', schema: NinjaDevice });
        const deviceClass = d.nodeClass?.endsWith('_SERVER') ? 'server' : d.nodeClass?.endsWith('_WORKSTATION') || d.nodeClass === 'MAC' ? 'workstation' : undefined;
        return { id: String(d.id), name: d.systemName ?? d.displayName ?? String(d.id), organisationId: String(d.organizationId), group: d.locationId === undefined ? undefined : String(d.locationId), online: d.offline !== true, os: d.os?.name, ...(deviceClass ? { deviceClass } : {}) };
      } catch (err) {
        if (err instanceof OutsideApiError && err.status === 404) return null;
        throw err;
      }
    },
    async getService(deviceId, serviceName): Promise<RmmService | null> {
      const id = deviceIdOf(deviceId);
      if (id === null) return null;
      const s = await findService(id, serviceName);
      return s ? { name: s.name, displayName: s.displayName ?? s.name, status: toServiceStatus(s.state), startType: s.startType } : null;
    },
    async restartService(deviceId, serviceName): Promise<RmmJobResult> {
      const id = mustId(deviceId);
      const jobId = `ninjaone-svc:${id}:${serviceName}`;
      const svc = await findService(id, serviceName);
      if (!svc) return jobResult(jobId, 'failed', null, '', `no Windows service '${serviceName}' on device ${id}`);
      try {
        await http.request({ method: 'POST', path: `/v2/device/${id}/windows-service/${encodeURIComponent(svc.serviceId ?? svc.name)}/control`, operation: 'controlService', body: { action: 'RESTART' } });
      } catch (err) {
        if (err instanceof OutsideApiError && err.status === 400) return jobResult(jobId, 'failed', null, '', err.message);
        throw err;
      }
      // 204 means "queued": the service's state, read back, is the answer.
      const running = await pollUntil(polling, async () => ((await findService(id, serviceName))?.state.toUpperCase() === 'RUNNING' ? true : null));
      return running ? jobResult(jobId, 'completed', 0, `${svc.name} is running`, '') : jobResult(jobId, 'failed', null, '', `${svc.name} is not running ${n.jobTimeoutMs} ms after RESTART`);
    },
    async listSoftware(deviceId): Promise<RmmSoftware[]> {
      const list = await http.request({ method: 'GET', path: `/v2/device/${mustId(deviceId)}/software`, operation: 'listSoftware', schema: NinjaSoftware });
      return list.map((s) => ({ name: s.name, version: s.version }));
    },
    async installSoftware(deviceId, pkg: SoftwarePackage) {
      assertChocoPackage(pkg, 'NinjaOne');
      return runScript(deviceId, scriptsOrThrow().chocoInstall, pkg.id, 'install');
    },
    async uninstallSoftware(deviceId, pkg: SoftwarePackage) {
      assertChocoPackage(pkg, 'NinjaOne');
      return runScript(deviceId, scriptsOrThrow().chocoUninstall, pkg.id, 'uninstall');
    },
    describe(operation, deviceId, target) {
      const base = `${n.baseUrl.replace(/\/$/, '')}/v2/device/${encodeURIComponent(deviceId)}`;
      // The serviceId is looked up when acting; Ninja's list gives the service name as its id.
      if (operation === 'restartService') return { method: 'POST', url: `${base}/windows-service/${encodeURIComponent(String(target))}/control`, body: { action: 'RESTART' } };
      const scripts = n.scripts ?? { chocoInstall: null, chocoUninstall: null };
      const scriptId = operation === 'installSoftware' ? scripts.chocoInstall : scripts.chocoUninstall;
      return { method: 'POST', url: `${base}/script/run`, body: { type: 'SCRIPT', id: scriptId, parameters: (target as SoftwarePackage).id, runAs: 'system' } };
    },
    /** The check is the condition (`sourceConfigUid`): it passes when its latest activity on the device is a RESET. */
    async checkPasses(deviceId, checkId): Promise<boolean | null> {
      const id = deviceIdOf(deviceId);
      if (id === null) return null;
      const r = await http.request({ method: 'GET', path: `/v2/device/${id}/activities`, operation: 'listActivities', query: { activityType: 'CONDITION' }, schema: NinjaActivities });
      const latest = r.activities.filter((a) => a.sourceConfigUid === checkId).sort((a, b) => b.id - a.id)[0];
      if (!latest) return null;
      return latest.statusCode === 'RESET';
    },
  };
}
