import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { http, type HttpHandler } from 'msw';
import { demoRmmWorld, type DemoRmmWorld } from '../demo-data.js';
import { createFaults, type HttpFaults } from '../http-faults.js';
import { createAlertDeliverer, type AlertDelivery } from '../rmm-devices/alert-delivery.js';
import { AgentUnreachable, CHOCO_SUCCESS_CODES, createDeviceFleet, type DeviceFleet, type SimCheck, type SimDevice } from '../rmm-devices/device-model.js';
import type { CallLogEntry, NinjaActivity, NinjaDevice, NinjaScript, NinjaWebhookConfig } from './types.js';

export interface NinjaOneSimulatorOptions {
  /** The regional host, e.g. https://eu.ninjarmm.com (token at /ws/oauth/token, API under /v2). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  world?: DemoRmmWorld;
  tokenLifetimeSeconds?: number;
  /** Reads of a device's activities before a script run's result appears (default 1). */
  pollsBeforeResult?: number;
  webhook?: NinjaWebhookConfig | null;
  now?: () => Date;
  fetch?: typeof fetch;
}

export interface NinjaOneSimulator {
  readonly baseUrl: string;
  readonly handlers: HttpHandler[];
  readonly fleet: DeviceFleet;
  readonly devices: NinjaDevice[];
  readonly activities: NinjaActivity[];
  readonly scripts: NinjaScript[];
  readonly calls: CallLogEntry[];
  readonly deliveries: AlertDelivery[];
  readonly faults: HttpFaults;
  /** The condition uid that watches each service (what the webhook's sourceConfigUid says). */
  conditionUid(serviceName: string): string;
  deviceFor(hostname: string): NinjaDevice;
  /** A bearer token issued without an HTTP call (for driving the sim by hand). */
  tokenFor(): string;
  authHeaders(): Record<string, string>;
  expireTokens(): void;
  tokensIssued(): number;
  setWebhook(config: NinjaWebhookConfig | null): void;
  /** What is registered now (PUT /v2/webhook replaces it). */
  webhook(): NinjaWebhookConfig | null;
  flushWebhooks(): Promise<void>;
}

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
/** The uid of the condition watching a service (the sandbox's config maps these). */
export const ninjaConditionUid = (serviceName: string) => `c0ffee00-0000-4000-8000-${createHash('sha256').update(serviceName.toLowerCase()).digest('hex').slice(0, 12)}`;

export function createNinjaOneSimulator(options: NinjaOneSimulatorOptions): NinjaOneSimulator {
  const base = options.baseUrl.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  const world = options.world ?? demoRmmWorld();
  const now = options.now ?? (() => new Date());
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  let webhook = options.webhook ?? null;
  let seq = 9000;
  const tokens = new Map<string, number>();
  let issued = 0;
  const activities: NinjaActivity[] = [];
  const pendingResults: { activity: NinjaActivity; pollsLeft: number }[] = [];
  const deliverer = createAlertDeliverer({ timeoutMs: 10_000, fetch: options.fetch });
  const devices: NinjaDevice[] = [];
  const epoch = () => now().getTime() / 1000;

  const onCheckChange = (device: SimDevice, check: SimCheck) => {
    const nd = devices.find((d) => d.device === device);
    if (!nd) return;
    const service = device.services.find((s) => s.name === check.serviceName);
    const triggered = check.status === 'failing';
    const activity: NinjaActivity = {
      id: ++seq,
      activityTime: epoch(),
      deviceId: nd.id,
      severity: triggered ? 'MAJOR' : 'NONE',
      priority: triggered ? 'HIGH' : 'NONE',
      seriesUid: `${ninjaConditionUid(check.serviceName)}-${nd.id}`,
      activityType: 'CONDITION',
      statusCode: triggered ? 'TRIGGERED' : 'RESET',
      status: triggered ? 'Triggered' : 'Reset',
      sourceConfigUid: ninjaConditionUid(check.serviceName),
      sourceName: `Windows Service - ${check.serviceName}`,
      subject: `${service?.displayName ?? check.serviceName} is ${triggered ? 'not running' : 'running again'}`,
      message: `Windows service '${service?.displayName ?? check.serviceName}' (${check.serviceName}) on ${device.hostname} is ${triggered ? 'STOPPED' : 'RUNNING'}`,
      type: 'Condition',
      data: {},
    };
    activities.push(activity);
    if (!webhook) return;
    const body = { ...activity, device: { id: nd.id, organizationId: nd.organizationId, locationId: nd.locationId, systemName: device.hostname, nodeClass: device.deviceClass === 'server' ? 'WINDOWS_SERVER' : 'WINDOWS_WORKSTATION' } };
    deliverer.send({ url: webhook.url, headers: Object.fromEntries(webhook.headers.map((h) => [h.name, h.value])), body: JSON.stringify(body), event: triggered ? 'failure' : 'resolved', alertId: String(activity.id) });
  };
  const fleet = createDeviceFleet(world, onCheckChange);
  for (const device of fleet.devices) {
    const org = world.organisations.find((o) => o.clientId === device.clientId)!;
    devices.push({ id: device.demo.ninjaDeviceId, device, organizationId: org.ninjaone.organizationId, locationId: org.ninjaone.locationId });
  }
  const scripts: NinjaScript[] = [
    { id: 301, name: 'TicketFix - choco install', kind: 'choco-install' },
    { id: 302, name: 'TicketFix - choco uninstall', kind: 'choco-uninstall' },
    { id: 303, name: 'Echo', kind: 'echo' },
  ];
  const calls: CallLogEntry[] = [];
  const faults = createFaults();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers } });
  const ninjaError = (status: number, resultCode: string, errorMessage: string) => json(status, { resultCode, errorMessage, incidentId: randomUUID() });
  const issue = () => {
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, now().getTime() + lifetime * 1000);
    issued += 1;
    return token;
  };

  async function tokenRoute(request: Request): Promise<Response> {
    if (!(request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) return json(400, { error: 'invalid_request', error_description: 'form body expected' });
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== options.clientId || !sameSecret(form.get('client_secret') ?? '', options.clientSecret)) return json(401, { error: 'invalid_client' });
    const scope = form.get('scope') ?? '';
    if (!scope.split(' ').includes('management')) return json(400, { error: 'invalid_scope', error_description: 'the management scope is required' });
    return json(200, { access_token: issue(), token_type: 'Bearer', expires_in: lifetime, scope });
  }

  const deviceJson = (d: NinjaDevice) => ({
    id: d.id,
    organizationId: d.organizationId,
    locationId: d.locationId,
    nodeClass: d.device.deviceClass === 'server' ? 'WINDOWS_SERVER' : 'WINDOWS_WORKSTATION',
    approvalStatus: 'APPROVED',
    offline: !d.device.online,
    systemName: d.device.hostname,
    displayName: d.device.hostname,
    dnsName: `${d.device.hostname.toLowerCase()}.local`,
    lastContact: epoch(),
    os: { name: 'Windows 11 Professional Edition' },
  });

  function runScript(d: NinjaDevice, body: unknown): Response {
    const b = body as { type?: unknown; id?: unknown; parameters?: unknown; runAs?: unknown } | null;
    if (b?.type !== 'SCRIPT' && b?.type !== 'ACTION') return ninjaError(400, 'BAD_REQUEST', 'type must be SCRIPT or ACTION');
    const script = scripts.find((s) => s.id === b.id);
    if (!script) return ninjaError(404, 'NOT_FOUND', 'Script not found');
    if (typeof b.runAs !== 'string') return ninjaError(400, 'BAD_REQUEST', 'runAs is required');
    if (!d.device.online) return ninjaError(400, 'DEVICE_OFFLINE', 'Device is offline');
    const param = typeof b.parameters === 'string' ? b.parameters.trim() : '';
    let exitCode = 0;
    let output = param;
    try {
      if (script.kind === 'choco-install') ({ exitCode, output } = fleet.chocoInstall(d.device, param));
      else if (script.kind === 'choco-uninstall') ({ exitCode, output } = fleet.chocoUninstall(d.device, param));
    } catch (err) {
      if (!(err instanceof AgentUnreachable)) throw err;
      return ninjaError(400, 'DEVICE_OFFLINE', 'Device is offline');
    }
    const ok = script.kind === 'echo' || CHOCO_SUCCESS_CODES.includes(exitCode);
    pendingResults.push({
      pollsLeft: options.pollsBeforeResult ?? 1,
      activity: {
        id: 0,
        activityTime: 0,
        deviceId: d.id,
        severity: 'NONE',
        priority: 'NONE',
        seriesUid: randomUUID(),
        activityType: 'ACTION',
        statusCode: 'ACTION_COMPLETED',
        status: 'Completed',
        activityResult: ok ? 'SUCCESS' : 'FAILURE',
        sourceConfigUid: `script-${script.id}`,
        sourceName: script.name,
        subject: `${script.name} ${ok ? 'completed' : 'failed'}`,
        message: `Action completed: Run ${script.name} Result: ${ok ? 'SUCCESS' : 'FAILURE'} Exit code: ${exitCode}`,
        type: 'Action',
        data: { message: { code: 'script_result', params: { exitCode, output: output.slice(0, 4000) } } },
      },
    });
    return json(204, undefined);
  }

  function readActivities(d: NinjaDevice, query: URLSearchParams): Response {
    for (const p of pendingResults.filter((x) => x.activity.deviceId === d.id)) {
      if (p.pollsLeft > 0) {
        p.pollsLeft -= 1;
        continue;
      }
      pendingResults.splice(pendingResults.indexOf(p), 1);
      activities.push({ ...p.activity, id: ++seq, activityTime: epoch() });
    }
    const after = Number(query.get('after') ?? 0);
    const type = query.get('activityType');
    const list = activities.filter((a) => a.deviceId === d.id && a.activityTime > after && (!type || a.activityType === type)).sort((a, b) => b.id - a.id);
    return json(200, { lastActivityId: list[0]?.id ?? 0, activities: list });
  }

  function controlService(d: NinjaDevice, serviceId: string, body: unknown): Response {
    const action = (body as { action?: unknown } | null)?.action;
    if (action !== 'START' && action !== 'STOP' && action !== 'RESTART' && action !== 'PAUSE') return ninjaError(400, 'BAD_REQUEST', 'action must be START, PAUSE, STOP or RESTART');
    if (!fleet.service(d.device, serviceId)) return ninjaError(404, 'NOT_FOUND', 'Service not found');
    if (action === 'PAUSE') return json(204, undefined);
    try {
      // 204 only says the request was queued; a service that will not start is seen by reading it back.
      fleet.serviceAction(d.device, serviceId, action.toLowerCase() as 'start' | 'stop' | 'restart');
    } catch (err) {
      if (!(err instanceof AgentUnreachable)) throw err;
      return ninjaError(400, 'DEVICE_OFFLINE', 'Device is offline');
    }
    return json(204, undefined);
  }

  async function api(request: Request, path: string): Promise<Response> {
    const auth = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '');
    const expires = auth ? tokens.get(auth[1]!) : undefined;
    if (expires === undefined || expires <= now().getTime()) return ninjaError(401, 'UNAUTHORIZED', 'Invalid or expired token');
    const url = new URL(request.url);
    let body: unknown = null;
    if (request.method !== 'GET' && request.method !== 'DELETE') {
      const text = await request.text();
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return ninjaError(400, 'BAD_REQUEST', 'Malformed JSON');
      }
    }
    if (request.method === 'PUT' && path === '/v2/webhook') {
      const b = body as { url?: unknown; headers?: unknown; activities?: unknown } | null;
      if (typeof b?.url !== 'string') return ninjaError(400, 'BAD_REQUEST', 'url is required');
      // homotechsual/NinjaOne Update-NinjaOneWebhook.ps1: activities is {<key>: [<string>...]}, headers [{name, value}].
      // Which keys and values NinjaOne accepts is not public: the stricter reading refuses any other shape.
      const acts = b.activities;
      if (!acts || typeof acts !== 'object' || Array.isArray(acts) || !Object.values(acts).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
        return ninjaError(400, 'BAD_REQUEST', 'activities must map each activity key to a list of strings');
      }
      if (b.headers !== undefined && !(Array.isArray(b.headers) && b.headers.every((h) => typeof h?.name === 'string' && typeof h?.value === 'string'))) return ninjaError(400, 'BAD_REQUEST', 'headers must be [{name, value}]');
      webhook = { url: b.url, headers: Array.isArray(b.headers) ? (b.headers as { name: string; value: string }[]) : [] };
      return json(204, undefined);
    }
    if (request.method === 'GET' && path === '/v2/organizations') {
      return json(200, world.organisations.map((o) => ({ id: o.ninjaone.organizationId, name: o.name, nodeApprovalMode: 'AUTOMATIC' })));
    }
    if (request.method === 'DELETE' && path === '/v2/webhook') {
      webhook = null;
      return json(204, undefined);
    }
    const m = /^\/v2\/device\/(\d+)(\/.*)?$/.exec(path);
    if (!m) return ninjaError(404, 'NOT_FOUND', 'Not found');
    const d = devices.find((x) => x.id === Number(m[1]));
    if (!d) return ninjaError(404, 'NOT_FOUND', 'Device not found');
    const rest = m[2] ?? '';
    const route = `${request.method} ${rest}`;
    if (route === 'GET ') return json(200, deviceJson(d));
    if (route === 'GET /windows-services')
      return json(200, d.device.services.map((s) => ({ deviceId: d.id, serviceId: s.name, name: s.name, displayName: s.displayName, state: s.status.toUpperCase(), startType: s.startType === 'automatic' ? 'AUTO_START' : s.startType === 'manual' ? 'DEMAND_START' : 'DISABLED', userName: 'LocalSystem' })));
    const svc = /^POST \/windows-service\/([^/]+)\/control$/.exec(route);
    if (svc) return controlService(d, decodeURIComponent(svc[1]!), body);
    if (route === 'POST /script/run') return runScript(d, body);
    if (route === 'GET /activities') return readActivities(d, url.searchParams);
    if (route === 'GET /software') return json(200, d.device.software.map((s) => ({ name: s.name, version: s.version, publisher: '', installDate: '2026-01-01T00:00:00Z', location: '', size: 0, productCode: '' })));
    if (route === 'GET /scripting/options') return json(200, { categories: [], credentials: {}, scripts: scripts.map((s) => ({ type: 'SCRIPT', id: s.id, name: s.name, language: 'powershell' })) });
    return ninjaError(404, 'NOT_FOUND', 'Not found');
  }

  const handler = http.all(`${base}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname.slice(basePath.length) || '/';
    const decision = await faults.decide(request.method, path);
    let response: Response;
    let fault: string | undefined;
    if (decision.kind === 'hang') {
      await decision.released;
      response = ninjaError(503, 'SERVICE_UNAVAILABLE', 'released after a simulated hang');
      fault = 'hang';
    } else if (decision.kind === 'answer') {
      response = ninjaError(decision.status, decision.status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVER_ERROR', 'Simulated failure');
      if (decision.retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(decision.retryAfterSeconds));
      fault = decision.label;
    } else {
      response = request.method === 'POST' && path === '/ws/oauth/token' ? await tokenRoute(request) : path.startsWith('/v2/') ? await api(request, path) : ninjaError(404, 'NOT_FOUND', 'Not found');
      if (decision.kind === 'lose') {
        response = ninjaError(504, 'GATEWAY_TIMEOUT', 'Gateway timeout');
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
    activities,
    scripts,
    calls,
    deliveries: deliverer.deliveries,
    faults,
    conditionUid: ninjaConditionUid,
    deviceFor(hostname) {
      const d = devices.find((x) => x.device.hostname.toLowerCase() === hostname.toLowerCase());
      if (!d) throw new Error(`no simulated NinjaOne device '${hostname}'`);
      return d;
    },
    tokenFor: issue,
    authHeaders: () => ({ Authorization: `Bearer ${issue()}` }),
    expireTokens() {
      for (const k of tokens.keys()) tokens.set(k, 0);
    },
    tokensIssued: () => issued,
    setWebhook(config) {
      webhook = config;
    },
    webhook: () => webhook,
    flushWebhooks: () => deliverer.flush(),
  };
}
