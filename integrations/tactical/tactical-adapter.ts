import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { RmmAdapter, RmmDevice, RmmJobResult, RmmService, RmmSoftware, SoftwarePackage } from '../../src/model/rmm.js';
import { assertChocoPackage, chocoSucceeded, jobResult, pollUntil, toServiceStatus } from '../rmm-job.js';
import type { RmmRuntimeOptions } from '../rmm-integration.js';
import { TacticalAgent, TacticalChecks, TacticalHistory, TacticalPendingActions, TacticalService, TacticalSoftwareList } from './api-schemas.js';
import type { TacticalInstallation } from './installation-schema.js';

/** A service restart is stop + start with 32 s each on Tactical's side. */
const SERVICE_ACTION_TIMEOUT_MS = 75_000;

export function createTacticalClient(install: TacticalInstallation, o: RmmRuntimeOptions): HttpClient {
  const t = install.tactical;
  return createHttpClient({
    system: `tactical:${install.id}`,
    baseUrl: t.apiUrl,
    headers: () => {
      const key = o.env[t.apiKeyEnv];
      if (!key) throw new OutsideApiError(`tactical:${install.id}`, 'auth', null, `API key (${t.apiKeyEnv}) is not configured`, false);
      return { 'X-API-KEY': key };
    },
    timeoutMs: o.timeoutMs ?? SERVICE_ACTION_TIMEOUT_MS,
    sleep: o.sleep,
    onAttempt: o.onAttempt,
  });
}

const seg = (s: string) => encodeURIComponent(s);

/** Tactical answers action failures (agent offline, service would not start) as 400 with a text body. */
const isActionRefusal = (err: unknown): err is OutsideApiError => err instanceof OutsideApiError && err.status === 400;

/**
 * Tactical's `restart` is stop-then-start on the server (services/views.py), and stopping a
 * stopped service fails on the agent (rmmagent agent/services_windows.go ControlService), so the
 * server answers 400 without starting it. A stopped service is started; `restart` only when it runs.
 */
export type TacticalServiceAction = 'start' | 'restart';
export const serviceActionFor = (status: RmmService['status']): TacticalServiceAction => (status === 'stopped' ? 'start' : 'restart');

/** The one definition of each action request: sent by the adapter, shown by `describe` (dry-run, plans). */
function tacticalRequests(t: TacticalInstallation['tactical']) {
  return {
    // Plans only target a service that is not running, so what they describe is `start`.
    restartService: (deviceId: string, serviceName: string, action: TacticalServiceAction = 'start') => ({ method: 'POST' as const, path: `/services/${seg(deviceId)}/${seg(serviceName)}/`, body: { sv_action: action } }),
    installSoftware: (deviceId: string, pkg: SoftwarePackage) => ({ method: 'POST' as const, path: `/software/${seg(deviceId)}/`, body: { name: pkg.id } }),
    uninstallSoftware: (deviceId: string, pkg: SoftwarePackage) => ({
      method: 'POST' as const,
      path: `/agents/${seg(deviceId)}/runscript/`,
      body: { output: 'wait', script: t.chocoUninstallScriptId ?? null, args: [pkg.id], env_vars: [], run_as_user: false, timeout: 600 },
    }),
  };
}

export function createTacticalAdapter(install: TacticalInstallation, o: RmmRuntimeOptions): RmmAdapter {
  const http = createTacticalClient(install, o);
  const t = install.tactical;
  const req = tacticalRequests(t);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** null for "no such thing" only: an agent that cannot be reached is an error, not an absent service. */
  const getOrNull = async <T>(fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof OutsideApiError && (err.status === 404 || (err.status === 400 && /does not exist/i.test(err.message)))) return null;
      throw err;
    }
  };

  const listChecks = (deviceId: string) => http.request({ method: 'GET', path: `/agents/${seg(deviceId)}/checks/`, operation: 'listChecks', schema: TacticalChecks });
  /** A missing service answers 200 with a zero-valued object (name ''), not an error. */
  async function readService(deviceId: string, serviceName: string): Promise<RmmService | null> {
    const s = await getOrNull(() => http.request({ method: 'GET', path: `/services/${seg(deviceId)}/${seg(serviceName)}/`, operation: 'getService', schema: TacticalService }));
    if (!s?.name) return null;
    return { name: s.name, displayName: s.display_name || s.name, status: toServiceStatus(s.status ?? ''), startType: s.start_type || undefined };
  }

  return {
    rmm: 'tactical',
    installationId: install.id,
    async getDevice(deviceId): Promise<RmmDevice | null> {
      const a = await getOrNull(() => http.request({ method: 'GET', path: `/agents/${seg(deviceId)}/`, operation: 'getAgent', schema: TacticalAgent }));
      if (!a) return null;
      // The organisation is the client's name: that is what the agent detail answers (clients map by it).
      const deviceClass = a.monitoring_type === 'server' || a.monitoring_type === 'workstation' ? a.monitoring_type : undefined;
      return { id: a.agent_id, name: a.hostname, organisationId: a.client, group: a.site_name, online: a.status === 'online', os: a.operating_system ?? undefined, ...(deviceClass ? { deviceClass } : {}) };
    },
    getService: (deviceId, serviceName) => readService(deviceId, serviceName),
    async restartService(deviceId, serviceName): Promise<RmmJobResult> {
      const jobId = `tactical-svc:${deviceId}:${serviceName}:${Date.now()}`;
      try {
        const current = await readService(deviceId, serviceName);
        if (!current) return jobResult(jobId, 'failed', null, '', `the agent reports no service named '${serviceName}'`);
        const out = await http.request({ ...req.restartService(deviceId, serviceName, serviceActionFor(current.status)), operation: 'restartService' });
        return jobResult(jobId, 'completed', 0, typeof out === 'string' ? out : JSON.stringify(out), '');
      } catch (err) {
        if (isActionRefusal(err)) return jobResult(jobId, 'failed', null, '', err.message);
        throw err;
      }
    },
    /**
     * The inventory is what the agent last reported (on its schedule); a choco install does not
     * refresh it. So every read asks the agent for a fresh list first (PUT, software/views.py),
     * then reads it. `[]` means no inventory exists: that is not "nothing installed".
     */
    async listSoftware(deviceId): Promise<RmmSoftware[]> {
      await http.request({ method: 'PUT', path: `/software/${seg(deviceId)}/`, operation: 'refreshSoftware', body: {} });
      const r = await http.request({ method: 'GET', path: `/software/${seg(deviceId)}/`, operation: 'listSoftware', schema: TacticalSoftwareList });
      if (Array.isArray(r)) throw new OutsideApiError(`tactical:${install.id}`, 'listSoftware', null, `agent ${deviceId} has no software inventory even after a refresh`, false);
      return r.software.map((s) => ({ name: s.name, version: s.version }));
    },
    async installSoftware(deviceId, pkg): Promise<RmmJobResult> {
      requireChoco(pkg);
      const before = await http.request({ method: 'GET', path: `/agents/${seg(deviceId)}/pendingactions/`, operation: 'listPendingActions', schema: TacticalPendingActions });
      const known = new Set(before.map((p) => p.id));
      try {
        await http.request({ ...req.installSoftware(deviceId, pkg), operation: 'installSoftware' });
      } catch (err) {
        if (isActionRefusal(err)) return jobResult(`tactical-choco:${deviceId}:${pkg.id}`, 'failed', null, '', err.message);
        throw err;
      }
      // The install is queued as a PendingAction; the agent reports choco's output into it.
      const done = await pollUntil({ intervalMs: t.jobPollMs, timeoutMs: t.jobTimeoutMs, sleep, now: o.now }, async () => {
        const list = await http.request({ method: 'GET', path: `/agents/${seg(deviceId)}/pendingactions/`, operation: 'listPendingActions', schema: TacticalPendingActions });
        const mine = list.filter((p) => !known.has(p.id) && p.action_type === 'chocoinstall' && p.details.name === pkg.id).sort((a, b) => b.id - a.id)[0];
        return mine && mine.status === 'completed' ? mine : null;
      });
      if (!done) return jobResult(`tactical-choco:${deviceId}:${pkg.id}`, 'timeout', null, '', `no result after ${t.jobTimeoutMs} ms`);
      const output = done.details.output ?? '';
      const exitCode = done.details.retcode ?? exitCodeFromChocoOutput(output, done.details.installed === true);
      return jobResult(`tactical-pending:${done.id}`, chocoSucceeded(exitCode) ? 'completed' : 'failed', exitCode, output, '');
    },
    async uninstallSoftware(deviceId, pkg): Promise<RmmJobResult> {
      requireChoco(pkg);
      if (!t.chocoUninstallScriptId) throw new Error(`Tactical installation '${install.id}' has no chocoUninstallScriptId: Tactical has no native uninstall, configure a script running 'choco uninstall <arg> -y'`);
      const scriptId = t.chocoUninstallScriptId;
      const before = await http.request({ method: 'GET', path: `/agents/${seg(deviceId)}/history/`, operation: 'listHistory', schema: TacticalHistory });
      const known = new Set(before.map((h) => h.id));
      try {
        await http.request({ ...req.uninstallSoftware(deviceId, pkg), operation: 'runScript' });
      } catch (err) {
        if (isActionRefusal(err)) return jobResult(`tactical-script:${deviceId}:${scriptId}`, 'failed', null, '', err.message);
        throw err;
      }
      // The answer to runscript is the agent's raw output; the exit code is in the history row.
      const row = await pollUntil({ intervalMs: t.jobPollMs, timeoutMs: t.jobTimeoutMs, sleep, now: o.now }, async () => {
        const rows = await http.request({ method: 'GET', path: `/agents/${seg(deviceId)}/history/`, operation: 'listHistory', schema: TacticalHistory });
        return rows.filter((h) => !known.has(h.id) && h.script === scriptId && h.script_results).sort((a, b) => b.id - a.id)[0] ?? null;
      });
      if (!row?.script_results) return jobResult(`tactical-script:${deviceId}:${scriptId}`, 'timeout', null, '', `no result after ${t.jobTimeoutMs} ms`);
      const r = row.script_results;
      return jobResult(`tactical-history:${row.id}`, chocoSucceeded(r.retcode) ? 'completed' : 'failed', r.retcode, r.stdout, r.stderr);
    },
    describe(operation, deviceId, target) {
      const r = operation === 'restartService' ? req.restartService(deviceId, String(target)) : req[operation](deviceId, target as SoftwarePackage);
      return { method: r.method, url: `${t.apiUrl.replace(/\/$/, '')}${r.path}`, body: r.body };
    },
    async checkPasses(deviceId, checkId): Promise<boolean | null> {
      const c = (await listChecks(deviceId)).find((x) => String(x.id) === checkId);
      const status = c?.check_result?.status;
      if (status !== 'passing' && status !== 'failing') return null;
      return status === 'passing';
    },
    /**
     * The request is the software-request script check's own last output on this agent: the
     * check must be that script's (softwareRequestScriptId), failing, with one line of stdout.
     */
    async readSoftwareRequest(deviceId, checkId): Promise<string | null> {
      if (t.softwareRequestScriptId === undefined) return null;
      const c = (await listChecks(deviceId)).find((x) => String(x.id) === checkId);
      if (!c || c.check_type !== 'script' || c.script !== t.softwareRequestScriptId || c.check_result?.status !== 'failing') return null;
      const line = (c.check_result.stdout ?? '').split(/\r?\n/).map((l) => l.trim()).find(Boolean);
      return line && line.length <= 256 ? line : null;
    },
  };
}

const requireChoco = (pkg: SoftwarePackage) => assertChocoPackage(pkg, 'Tactical');

function exitCodeFromChocoOutput(output: string, installed: boolean): number {
  const m = /exit code (\d+)/i.exec(output);
  if (m) return Number(m[1]);
  return installed ? 0 : 1;
}

