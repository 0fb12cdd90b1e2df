import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { http, type HttpHandler } from 'msw';
import { demoRmmWorld, type DemoRmmWorld } from '../demo-data.js';
import { createFaults, type HttpFaults } from '../http-faults.js';
import { createAlertDeliverer, type AlertDelivery } from '../rmm-devices/alert-delivery.js';
import { AgentUnreachable, CHOCO_SUCCESS_CODES, createDeviceFleet, type DeviceFleet, type SimCheck, type SimDevice } from '../rmm-devices/device-model.js';
import { createDattoLimiter, DATTO_LIMITS, type DattoLimiter, type DattoLimits } from './rate-limit.js';
import { renderBracketTemplate } from './render-template.js';
import type { CallLogEntry, DattoAlert, DattoComponent, DattoDevice, DattoJob, DattoWebhookConfig } from './types.js';

export interface DattoSimulatorOptions {
  /** The platform's API host, e.g. https://merlot-api.centrastage.net (API under /api/v2). */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  world?: DemoRmmWorld;
  /** Account-wide request limit (default 600 per 60 s); null turns it off. */
  limits?: DattoLimits | null;
  tokenLifetimeSeconds?: number;
  /** Reads of a job still answering "active" (default 1). */
  pollsBeforeCompletion?: number;
  /** Per-monitor webhook responses, by the service the monitor watches. */
  monitorWebhooks?: Record<string, DattoWebhookConfig>;
  now?: () => Date;
  fetch?: typeof fetch;
}

export interface DattoSimulator {
  readonly baseUrl: string;
  readonly handlers: HttpHandler[];
  readonly fleet: DeviceFleet;
  readonly devices: DattoDevice[];
  readonly alerts: DattoAlert[];
  readonly jobs: DattoJob[];
  readonly components: DattoComponent[];
  readonly calls: CallLogEntry[];
  readonly deliveries: AlertDelivery[];
  readonly faults: HttpFaults;
  readonly limiter: DattoLimiter;
  deviceFor(hostname: string): DattoDevice;
  tokenFor(): string;
  authHeaders(): Record<string, string>;
  expireTokens(): void;
  tokensIssued(): number;
  setMonitorWebhooks(hooks: Record<string, DattoWebhookConfig>): void;
  flushWebhooks(): Promise<void>;
  /** A component monitor on the device raised an alert with this output (e.g. a software request); returns its uid. */
  raiseComponentAlert(hostname: string, samples: Record<string, string>): string;
}

/** Component uids the simulated account has (what an installation's `components` point at). */
export const DATTO_SIM_COMPONENTS = {
  serviceRestart: 'b6f1c3a0-0000-4000-8000-0000000000a1',
  serviceStatus: 'b6f1c3a0-0000-4000-8000-0000000000a2',
  softwareInstall: 'b6f1c3a0-0000-4000-8000-0000000000a3',
  softwareUninstall: 'b6f1c3a0-0000-4000-8000-0000000000a4',
  /** Not used by the app: how a person driving the sandbox makes a monitor fire. */
  serviceStop: 'b6f1c3a0-0000-4000-8000-0000000000a5',
} as const;

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
const PUBLIC_CLIENT = `Basic ${Buffer.from('public-client:public').toString('base64')}`;

export function createDattoSimulator(options: DattoSimulatorOptions): DattoSimulator {
  const base = options.baseUrl.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  const world = options.world ?? demoRmmWorld();
  const now = options.now ?? (() => new Date());
  const lifetime = options.tokenLifetimeSeconds ?? 100 * 3600;
  const limiter = createDattoLimiter(options.limits === undefined ? DATTO_LIMITS : options.limits, () => now().getTime());
  let hooks = new Map(Object.entries(options.monitorWebhooks ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const tokens = new Map<string, number>();
  let issued = 0;
  let seq = 7000;
  const alerts: DattoAlert[] = [];
  const jobs: DattoJob[] = [];
  const devices: DattoDevice[] = [];
  const deliverer = createAlertDeliverer({ timeoutMs: 10_000, fetch: options.fetch });

  const onCheckChange = (device: SimDevice, check: SimCheck) => {
    const dd = devices.find((d) => d.device === device);
    if (!dd) return;
    const service = device.services.find((s) => s.name === check.serviceName);
    let alert: DattoAlert | undefined;
    if (check.status === 'failing') {
      alert = { alertUid: randomUUID(), deviceUid: dd.uid, checkId: check.id, serviceName: check.serviceName, priority: 'High', message: `Service ${service?.displayName ?? check.serviceName} is not running`, timestamp: now().getTime(), resolved: false };
      alerts.push(alert);
    } else {
      alert = alerts.find((a) => a.deviceUid === dd.uid && a.checkId === check.id && !a.resolved);
      if (!alert) return;
      alert.resolved = true;
      alert.resolvedAt = now().getTime();
    }
    const hook = hooks.get(check.serviceName.toLowerCase());
    if (!hook) return;
    const vars = { alert_uid: alert.alertUid, alert_priority: alert.priority, alert_message_en: alert.message, site_name: dd.siteName, device_hostname: device.hostname, device_id: dd.id, platform: 'Windows' };
    const triggered = check.status === 'failing';
    deliverer.send({ url: hook.url, headers: hook.headers, body: renderBracketTemplate(triggered ? hook.triggeredBody : hook.resolvedBody, vars), event: triggered ? 'failure' : 'resolved', alertId: alert.alertUid });
  };
  const fleet = createDeviceFleet(world, onCheckChange);
  for (const device of fleet.devices) {
    const org = world.organisations.find((o) => o.clientId === device.clientId)!;
    devices.push({ id: device.demo.dattoDeviceId, uid: device.demo.dattoDeviceUid, device, siteId: org.datto.siteId, siteUid: org.datto.siteUid, siteName: org.name });
  }
  const components: DattoComponent[] = [
    { uid: DATTO_SIM_COMPONENTS.serviceRestart, name: 'TicketFix - Restart service', kind: 'service-restart' },
    { uid: DATTO_SIM_COMPONENTS.serviceStatus, name: 'TicketFix - Service status', kind: 'service-status' },
    { uid: DATTO_SIM_COMPONENTS.softwareInstall, name: 'TicketFix - Choco install', kind: 'choco-install' },
    { uid: DATTO_SIM_COMPONENTS.softwareUninstall, name: 'TicketFix - Choco uninstall', kind: 'choco-uninstall' },
    { uid: DATTO_SIM_COMPONENTS.serviceStop, name: 'Demo - Stop service', kind: 'service-stop' },
  ];
  const calls: CallLogEntry[] = [];
  const faults = createFaults();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
  const issue = () => {
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, now().getTime() + lifetime * 1000);
    issued += 1;
    return token;
  };

  async function tokenRoute(request: Request): Promise<Response> {
    if (request.headers.get('authorization') !== PUBLIC_CLIENT) return json(401, { error: 'unauthorized', error_description: 'Full authentication is required to access this resource' });
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'password') return json(400, { error: 'unsupported_grant_type' });
    if (form.get('username') !== options.apiKey || !sameSecret(form.get('password') ?? '', options.apiSecret)) return json(400, { error: 'invalid_grant', error_description: 'Bad credentials' });
    return json(200, { access_token: issue(), token_type: 'bearer', expires_in: lifetime, scope: 'default' });
  }

  const componentRun = (d: DattoDevice, c: DattoComponent, vars: Record<string, string>) => (): { success: boolean; stdout: string; stderr: string } => {
    try {
      if (c.kind === 'service-restart' || c.kind === 'service-stop') {
        const name = vars.serviceName ?? '';
        if (!fleet.service(d.device, name)) return { success: false, stdout: '', stderr: `Cannot find any service with service name '${name}'.` };
        const r = fleet.serviceAction(d.device, name, c.kind === 'service-stop' ? 'stop' : 'restart');
        return r.ok ? { success: true, stdout: `${r.message}\nTICKETFIX_EXIT=0`, stderr: '' } : { success: false, stdout: 'TICKETFIX_EXIT=1', stderr: r.message };
      }
      if (c.kind === 'service-status') {
        const s = fleet.service(d.device, vars.serviceName ?? '');
        return { success: true, stdout: JSON.stringify(s ? { name: s.name, displayName: s.displayName, status: s.status === 'running' ? 'Running' : 'Stopped', startType: s.startType } : null), stderr: '' };
      }
      const pkg = vars.package ?? '';
      const r = c.kind === 'choco-install' ? fleet.chocoInstall(d.device, pkg) : fleet.chocoUninstall(d.device, pkg);
      const ok = CHOCO_SUCCESS_CODES.includes(r.exitCode);
      return { success: ok, stdout: `${r.output}\nTICKETFIX_EXIT=${r.exitCode}`, stderr: ok ? '' : `choco exited with ${r.exitCode}` };
    } catch (err) {
      if (err instanceof AgentUnreachable) return { success: false, stdout: '', stderr: err.message };
      throw err;
    }
  };

  const jobJson = (j: DattoJob) => ({ id: j.id, uid: j.uid, name: j.name, dateCreated: j.dateCreated, status: j.status });
  const advance = (j: DattoJob) => {
    if (j.status === 'completed') return;
    if (j.pollsLeft > 0) {
      j.pollsLeft -= 1;
      return;
    }
    j.status = 'completed';
  };

  async function api(request: Request, path: string): Promise<Response> {
    const auth = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '');
    const expires = auth ? tokens.get(auth[1]!) : undefined;
    if (expires === undefined || expires <= now().getTime()) return json(401, { error: 'invalid_token', error_description: 'Access token expired or invalid' });
    const byUid = (uid: string) => devices.find((d) => d.uid === uid);
    let m: RegExpExecArray | null;
    if (request.method === 'GET' && (m = /^\/api\/v2\/device\/id\/(\d+)$/.exec(path))) {
      const d = devices.find((x) => x.id === Number(m![1]));
      return d ? json(200, deviceJson(d)) : json(404, { message: 'Device not found' });
    }
    if (request.method === 'GET' && (m = /^\/api\/v2\/device\/([0-9a-f-]{36})$/.exec(path))) {
      const d = byUid(m[1]!);
      return d ? json(200, deviceJson(d)) : json(404, { message: 'Device not found' });
    }
    if (request.method === 'PUT' && (m = /^\/api\/v2\/device\/([0-9a-f-]{36})\/quickjob$/.exec(path))) {
      const d = byUid(m[1]!);
      if (!d) return json(404, { message: 'Device not found' });
      let body: { jobName?: unknown; jobComponent?: { componentUid?: unknown; variables?: unknown } };
      try {
        body = (await request.json()) as typeof body;
      } catch {
        return json(400, { message: 'Malformed JSON' });
      }
      const c = components.find((x) => x.uid === body.jobComponent?.componentUid);
      if (typeof body.jobName !== 'string' || !c) return json(400, { message: 'jobName and an existing jobComponent.componentUid are required' });
      const vars = Object.fromEntries((Array.isArray(body.jobComponent?.variables) ? (body.jobComponent.variables as { name: string; value: string }[]) : []).map((v) => [v.name, String(v.value)]));
      // The agent runs the component straight away; the job reports "active" for a few reads.
      const job: DattoJob = { id: ++seq, uid: randomUUID(), name: body.jobName, deviceUid: d.uid, componentUid: c.uid, componentName: c.name, dateCreated: now().getTime(), status: 'active', pollsLeft: options.pollsBeforeCompletion ?? 1, result: componentRun(d, c, vars)() };
      jobs.push(job);
      return json(200, { job: jobJson(job) });
    }
    if (request.method === 'GET' && (m = /^\/api\/v2\/job\/([0-9a-f-]{36})$/.exec(path))) {
      const j = jobs.find((x) => x.uid === m![1]);
      if (!j) return json(404, { message: 'Job not found' });
      advance(j);
      return json(200, jobJson(j));
    }
    if (request.method === 'GET' && (m = /^\/api\/v2\/job\/([0-9a-f-]{36})\/results\/([0-9a-f-]{36})(\/stdout|\/stderr)?$/.exec(path))) {
      const j = jobs.find((x) => x.uid === m![1] && x.deviceUid === m![2]);
      if (!j) return json(404, { message: 'Job result not found' });
      const r = j.status === 'completed' ? j.result : undefined;
      if (m[3]) return json(200, r ? [{ componentUid: j.componentUid, componentName: j.componentName, stdData: m[3] === '/stdout' ? r.stdout : r.stderr }] : []);
      return json(200, {
        jobUid: j.uid,
        deviceUid: j.deviceUid,
        ranOn: r ? now().getTime() : null,
        jobDeploymentStatus: !r ? 'active' : r.success ? 'success' : 'failure',
        componentResults: r ? [{ componentUid: j.componentUid, componentName: j.componentName, componentStatus: r.success ? 'success' : 'failure', numberOfWarnings: 0, hasStdOut: r.stdout !== '', hasStdErr: r.stderr !== '' }] : [],
      });
    }
    if (request.method === 'GET' && (m = /^\/api\/v2\/audit\/device\/([0-9a-f-]{36})\/software$/.exec(path))) {
      const d = byUid(m[1]!);
      if (!d) return json(404, { message: 'Device not found' });
      // Paged (aaronengels/DattoRMM Get-DrmmAuditDeviceSoftware.ps1: ?max=&page=, pageDetails.nextPageUrl).
      // The default and largest page sizes are not documented: the stricter reading, a small default page.
      const q = new URL(request.url).searchParams;
      const size = Math.min(Number(q.get('max') ?? AUDIT_DEFAULT_PAGE) || AUDIT_DEFAULT_PAGE, 250);
      const page = Math.max(0, Number(q.get('page') ?? 0) || 0);
      const all = d.device.software.map((s) => ({ name: s.name, version: s.version }));
      const software = all.slice(page * size, (page + 1) * size);
      const more = (page + 1) * size < all.length;
      return json(200, { pageDetails: { count: software.length, totalCount: all.length, prevPageUrl: page > 0 ? `${base}${path}?max=${size}&page=${page - 1}` : null, nextPageUrl: more ? `${base}${path}?max=${size}&page=${page + 1}` : null }, software });
    }
    if (request.method === 'GET' && (m = /^\/api\/v2\/alert\/([0-9a-f-]{36})$/.exec(path))) {
      const a = alerts.find((x) => x.alertUid === m![1]);
      const ctx = (x: DattoAlert) => x.context ?? { '@class': 'srvc_status_ctx', serviceName: x.serviceName, status: 'STOPPED' };
      return a ? json(200, { alertUid: a.alertUid, priority: a.priority, resolved: a.resolved, resolvedOn: a.resolvedAt ?? null, timestamp: a.timestamp, alertContext: ctx(a), alertSourceInfo: { deviceUid: a.deviceUid, deviceName: byUid(a.deviceUid)?.device.hostname } }) : json(404, { message: 'Alert not found' });
    }
    if (request.method === 'GET' && path === '/api/v2/account/sites') {
      const sites = world.organisations.map((o) => ({ id: o.datto.siteId, uid: o.datto.siteUid, name: o.name }));
      return json(200, { pageDetails: { count: sites.length }, sites });
    }
    if (request.method === 'GET' && path === '/api/v2/account/components') return json(200, { pageDetails: { count: components.length }, components: components.map((c) => ({ uid: c.uid, name: c.name, categoryCode: 'scripts' })) });
    return json(404, { message: 'Not found' });
  }

  const deviceJson = (d: DattoDevice) => ({
    id: d.id,
    uid: d.uid,
    siteId: d.siteId,
    siteUid: d.siteUid,
    siteName: d.siteName,
    hostname: d.device.hostname,
    online: d.device.online,
    operatingSystem: 'Microsoft Windows 11 Pro 23H2',
    deviceType: d.device.deviceClass === 'server' ? { category: 'Server', type: 'Server' } : { category: 'Desktop', type: 'Desktop' },
  });

  const handler = http.all(`${base}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname.slice(basePath.length) || '/';
    let response: Response;
    let fault: string | undefined;
    const decision = await faults.decide(request.method, path);
    const limited = decision.kind === 'none' || decision.kind === 'lose' ? limiter.take() : null;
    if (decision.kind === 'hang') {
      await decision.released;
      response = json(503, { message: 'released after a simulated hang' });
      fault = 'hang';
    } else if (decision.kind === 'answer') {
      response = json(decision.status, { message: 'Simulated failure' }, decision.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(decision.retryAfterSeconds) });
      fault = decision.label;
    } else if (limited) {
      response = limited.status === 429 ? json(429, { message: 'Rate limit exceeded' }, { 'Retry-After': String(limited.retryAfterSeconds) }) : json(403, { message: 'Access temporarily blocked after repeated rate limit breaches' });
      fault = `rateLimit ${limited.status}`;
    } else {
      response = request.method === 'POST' && path === '/auth/oauth/token' ? await tokenRoute(request) : path.startsWith('/api/v2/') ? await api(request, path) : json(404, { message: 'Not found' });
      if (decision.kind === 'lose') {
        response = json(504, { message: 'Gateway timeout' });
        fault = decision.label;
      }
    }
    calls.push({ method: request.method, path, status: response.status, ...(fault ? { fault } : {}) });
    if (calls.length > 10_000) calls.splice(0, calls.length - 10_000);
    return response;
  });

  return {
    baseUrl: base,
    handlers: [handler],
    fleet,
    devices,
    alerts,
    jobs,
    components,
    calls,
    deliveries: deliverer.deliveries,
    faults,
    limiter,
    deviceFor(hostname) {
      const d = devices.find((x) => x.device.hostname.toLowerCase() === hostname.toLowerCase());
      if (!d) throw new Error(`no simulated Datto device '${hostname}'`);
      return d;
    },
    tokenFor: issue,
    authHeaders: () => ({ Authorization: `Bearer ${issue()}` }),
    expireTokens() {
      for (const k of tokens.keys()) tokens.set(k, 0);
    },
    tokensIssued: () => issued,
    setMonitorWebhooks(h) {
      hooks = new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    },
    flushWebhooks: () => deliverer.flush(),
    raiseComponentAlert(hostname, samples) {
      const d = devices.find((x) => x.device.hostname.toLowerCase() === hostname.toLowerCase());
      if (!d) throw new Error(`no simulated Datto device '${hostname}'`);
      const alert: DattoAlert = { alertUid: randomUUID(), deviceUid: d.uid, checkId: 0, serviceName: '', priority: 'Moderate', message: 'Component monitor alert', timestamp: now().getTime(), resolved: false, context: { '@class': 'comp_script_ctx', samples } };
      alerts.push(alert);
      return alert.alertUid;
    },
  };
}

const AUDIT_DEFAULT_PAGE = 50;
