import { z } from 'zod';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { RmmAdapter, RmmDevice, RmmJobResult, RmmService, RmmSoftware, SoftwarePackage } from '../../src/model/rmm.js';
import type { RmmRuntimeOptions } from '../rmm-integration.js';
import { assertChocoPackage, chocoSucceeded, jobResult, pollUntil, toServiceStatus } from '../rmm-job.js';
import type { AccountLimiter } from './account-limiter.js';
import { DattoAlert, DattoDevice, DattoJob, DattoJobResult, DattoQuickJob, DattoSoftware, DattoStdData } from './api-schemas.js';
import { createDattoClient } from './datto-client.js';
import type { DattoInstallation } from './installation-schema.js';

const UID = /^[0-9a-fA-F-]{36}$/;
/** The page size the public module uses (aaronengels/DattoRMM Get-DrmmAuditDeviceSoftware.ps1). */
const AUDIT_PAGE_SIZE = 250;
const MAX_AUDIT_PAGES = 40;
const NUMERIC = /^\d{1,12}$/;
const ServiceJson = z.object({ name: z.string(), displayName: z.string().optional(), status: z.string(), startType: z.string().optional() }).nullable();

/**
 * Datto has no service or package verbs: everything runs as a quick job of a configured
 * component (see installation-schema.ts for each component's contract), polled to completion;
 * the exit code is the `TICKETFIX_EXIT=<n>` line the component prints.
 */
export function createDattoAdapter(install: DattoInstallation, o: RmmRuntimeOptions & { limiter?: AccountLimiter }): RmmAdapter {
  const d = install.datto;
  const http = createDattoClient(install, o);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const polling = { intervalMs: d.jobPollMs, timeoutMs: d.jobTimeoutMs, sleep, now: o.now };
  const uids = new Map<string, string>();

  const notFound = (err: unknown) => err instanceof OutsideApiError && err.status === 404;
  async function readDevice(deviceId: string) {
    // Webhooks may carry the numeric device id; the API acts on the uid.
    const path = UID.test(deviceId) ? `/api/v2/device/${deviceId.toLowerCase()}` : NUMERIC.test(deviceId) ? `/api/v2/device/id/${deviceId}` : null;
    if (!path) return null;
    try {
      const dev = await http.request({ method: 'GET', path, operation: 'getDevice', schema: DattoDevice });
      uids.set(deviceId, dev.uid);
      return dev;
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  }
  async function uidOf(deviceId: string): Promise<string> {
    const known = uids.get(deviceId) ?? (UID.test(deviceId) ? deviceId.toLowerCase() : undefined);
    if (known) return known;
    const dev = await readDevice(deviceId);
    if (!dev) throw new OutsideApiError(`datto:${install.id}`, 'device', 404, `no Datto device '${deviceId}'`, false);
    return dev.uid;
  }
  const components = () => {
    if (!d.components) throw new Error(`Datto installation '${install.id}' has no components configured: Datto has no native service or package verbs, configure the TicketFix components`);
    return d.components;
  };

  const quickJobBody = (componentUid: string, jobName: string, variables: Record<string, string>) => ({ jobName, jobComponent: { componentUid, variables: Object.entries(variables).map(([name, value]) => ({ name, value })) } });
  /** What each action runs: component, job name and variables (also what `describe` shows). */
  const jobFor = (operation: 'restartService' | 'installSoftware' | 'uninstallSoftware', target: string | SoftwarePackage): [string, string, Record<string, string>] => {
    const c = components();
    if (operation === 'restartService') return [c.serviceRestart, `TicketFix: restart ${String(target)}`, { serviceName: String(target) }];
    const pkg = target as SoftwarePackage;
    return operation === 'installSoftware' ? [c.softwareInstall, `TicketFix: install ${pkg.id}`, { package: pkg.id }] : [c.softwareUninstall, `TicketFix: uninstall ${pkg.id}`, { package: pkg.id }];
  };

  async function quickJob(deviceId: string, componentUid: string, jobName: string, variables: Record<string, string>): Promise<RmmJobResult> {
    const uid = await uidOf(deviceId);
    const started = await http.request({
      method: 'PUT',
      path: `/api/v2/device/${uid}/quickjob`,
      operation: 'quickJob',
      body: quickJobBody(componentUid, jobName, variables),
      schema: DattoQuickJob,
      // A PUT that creates a job: repeating it would run the component twice.
      idempotent: false,
    });
    const jobUid = started.job.uid;
    const done = await pollUntil(polling, async () => {
      const job = await http.request({ method: 'GET', path: `/api/v2/job/${jobUid}`, operation: 'getJob', schema: DattoJob });
      return job.status === 'completed' ? job : null;
    });
    if (!done) return jobResult(`datto-job:${jobUid}`, 'timeout', null, '', `job not completed after ${d.jobTimeoutMs} ms`);
    const result = await http.request({ method: 'GET', path: `/api/v2/job/${jobUid}/results/${uid}`, operation: 'getJobResult', schema: DattoJobResult });
    const std = async (kind: 'stdout' | 'stderr') => (await http.request({ method: 'GET', path: `/api/v2/job/${jobUid}/results/${uid}/${kind}`, operation: `getJob${kind}`, schema: DattoStdData })).map((x) => x.stdData ?? '').join('\n');
    const stdout = await std('stdout');
    const stderr = result.componentResults.some((c) => c.hasStdErr) ? await std('stderr') : '';
    const succeeded = result.jobDeploymentStatus === 'success';
    const marked = /TICKETFIX_EXIT=(-?\d+)/.exec(stdout);
    const exitCode = marked ? Number(marked[1]) : succeeded ? 0 : 1;
    return jobResult(`datto-job:${jobUid}`, succeeded && chocoSucceeded(exitCode) ? 'completed' : 'failed', exitCode, stdout, stderr);
  }

  return {
    rmm: 'datto',
    installationId: install.id,
    async getDevice(deviceId): Promise<RmmDevice | null> {
      const dev = await readDevice(deviceId);
      if (!dev) return null;
      const category = dev.deviceType?.category?.toLowerCase();
      const deviceClass = category === 'server' ? 'server' : category === 'desktop' || category === 'laptop' ? 'workstation' : undefined;
      return { id: dev.uid, name: dev.hostname, organisationId: dev.siteUid, group: dev.siteName, online: dev.online !== false, os: dev.operatingSystem, ...(deviceClass ? { deviceClass } : {}) };
    },
    async getService(deviceId, serviceName): Promise<RmmService | null> {
      const r = await quickJob(deviceId, components().serviceStatus, `TicketFix: status of ${serviceName}`, { serviceName });
      if (r.status !== 'completed') throw new OutsideApiError(`datto:${install.id}`, 'getService', null, `the service status component did not complete (${r.status}): ${r.stderr}`, r.status === 'timeout');
      const parsed = ServiceJson.safeParse(JSON.parse(r.stdout.replace(/TICKETFIX_EXIT=\d+/, '').trim() || 'null'));
      if (!parsed.success) throw new OutsideApiError(`datto:${install.id}`, 'getService', null, 'the service status component printed something other than the service JSON', false);
      const s = parsed.data;
      return s ? { name: s.name, displayName: s.displayName ?? s.name, status: toServiceStatus(s.status), startType: s.startType } : null;
    },
    restartService: (deviceId, serviceName) => quickJob(deviceId, ...jobFor('restartService', serviceName)),
    /** Every page of the audit (250 a page), with a bound so a server that never ends cannot loop us. */
    async listSoftware(deviceId): Promise<RmmSoftware[]> {
      const uid = await uidOf(deviceId);
      const all: RmmSoftware[] = [];
      for (let page = 0; page < MAX_AUDIT_PAGES; page++) {
        const r = await http.request({ method: 'GET', path: `/api/v2/audit/device/${uid}/software`, query: { max: AUDIT_PAGE_SIZE, page }, operation: 'listSoftware', schema: DattoSoftware });
        all.push(...r.software.map((s) => ({ name: s.name, version: s.version })));
        if (!r.pageDetails?.nextPageUrl) return all;
      }
      throw new OutsideApiError(`datto:${install.id}`, 'listSoftware', null, `the software audit of ${deviceId} has more than ${MAX_AUDIT_PAGES} pages`, false);
    },
    async installSoftware(deviceId, pkg) {
      assertChocoPackage(pkg, 'Datto');
      return quickJob(deviceId, ...jobFor('installSoftware', pkg));
    },
    async uninstallSoftware(deviceId, pkg) {
      assertChocoPackage(pkg, 'Datto');
      return quickJob(deviceId, ...jobFor('uninstallSoftware', pkg));
    },
    describe(operation, deviceId, target) {
      const [componentUid, jobName, variables] = jobFor(operation, target);
      // A numeric id from a webhook is resolved to the uid when acting; the uid is shown when already known.
      const device = uids.get(deviceId) ?? deviceId;
      return { method: 'PUT', url: `${d.apiUrl.replace(/\/$/, '')}/api/v2/device/${encodeURIComponent(device)}/quickjob`, body: quickJobBody(componentUid, jobName, variables) };
    },
    /**
     * A software request is the open component-monitor alert's own output on this device
     * (alertContext.samples), never the webhook body's copy. The check id is the alert uid.
     */
    async readSoftwareRequest(deviceId, checkId): Promise<string | null> {
      if (!UID.test(checkId)) return null;
      let a;
      try {
        a = await http.request({ method: 'GET', path: `/api/v2/alert/${checkId.toLowerCase()}`, operation: 'getAlert', schema: DattoAlert });
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
      const uid = await uidOf(deviceId);
      if (a.resolved || a.alertSourceInfo?.deviceUid?.toLowerCase() !== uid || a.alertContext?.['@class'] !== 'comp_script_ctx') return null;
      const values = Object.values(a.alertContext.samples ?? {}).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
      const value = values.length === 1 ? values[0]!.trim() : null;
      return value && value.length <= 256 ? value : null;
    },
    /** For Datto the check id is the alert uid: the check passes when Datto has resolved that alert. */
    async checkPasses(_deviceId, checkId): Promise<boolean | null> {
      if (!UID.test(checkId)) return null;
      try {
        return (await http.request({ method: 'GET', path: `/api/v2/alert/${checkId.toLowerCase()}`, operation: 'getAlert', schema: DattoAlert })).resolved;
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
  };
}
