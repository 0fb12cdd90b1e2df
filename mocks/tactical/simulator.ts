import { timingSafeEqual, createHash } from 'node:crypto';
import { http, type HttpHandler } from 'msw';
import { demoRmmWorld, type DemoRmmWorld } from '../demo-data.js';
import { createFaults, type HttpFaults } from '../http-faults.js';
import { createAlertDeliverer, type AlertDelivery } from '../rmm-devices/alert-delivery.js';
import { createDeviceFleet, type DeviceFleet, type SimCheck, type SimDevice } from '../rmm-devices/device-model.js';
import { renderHeaders, renderTemplate } from './render-template.js';
import { notFound, TACTICAL_ROUTES, type RouteResult, type TacticalRouteState } from './routes.js';
import { TACTICAL_SIM_SOFTWARE_REQUEST_CHECK, TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID, type CallLogEntry, type TacticalAgent, type TacticalAlert, type TacticalAlertActions, type TacticalHistory, type TacticalPendingAction, type TacticalScript } from './types.js';

export interface TacticalSimulatorOptions {
  /** The API host, e.g. https://api.rmm.example.com (routes below it end in '/'). */
  baseUrl: string;
  apiKey: string;
  world?: DemoRmmWorld;
  /** The alert template's failure/resolved URL actions; null = no alert actions configured. */
  alertActions?: TacticalAlertActions | null;
  /** Reads of pendingactions that still show a queued choco install as pending (default 1). */
  pollsBeforeCompletion?: number;
  now?: () => Date;
  fetch?: typeof fetch;
}

export interface TacticalSimulator {
  readonly baseUrl: string;
  readonly handlers: HttpHandler[];
  readonly fleet: DeviceFleet;
  readonly agents: TacticalAgent[];
  readonly alerts: TacticalAlert[];
  readonly pending: TacticalPendingAction[];
  readonly history: TacticalHistory[];
  readonly scripts: TacticalScript[];
  readonly calls: CallLogEntry[];
  readonly deliveries: AlertDelivery[];
  readonly faults: HttpFaults;
  authHeaders(): Record<string, string>;
  agentFor(hostname: string): TacticalAgent;
  setAlertActions(actions: TacticalAlertActions | null): void;
  /** Waits for every alert webhook started so far. */
  flushWebhooks(): Promise<void>;
}

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export function createTacticalSimulator(options: TacticalSimulatorOptions): TacticalSimulator {
  const base = options.baseUrl.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  const world = options.world ?? demoRmmWorld();
  const now = options.now ?? (() => new Date());
  let alertActions = options.alertActions ?? null;
  let seq = 100;
  const nextId = () => ++seq;
  const alerts: TacticalAlert[] = [];
  const deliverer = createAlertDeliverer({ timeoutMs: 8_000, fetch: options.fetch });
  const agents: TacticalAgent[] = [];

  const onCheckChange = (device: SimDevice, check: SimCheck) => {
    const agent = agents.find((a) => a.device === device);
    if (!agent) return;
    if (check.status === 'failing') {
      const service = device.services.find((s) => s.name === check.serviceName);
      const alert: TacticalAlert = { id: nextId(), agentId: agent.agentId, checkId: check.id, severity: 'error', message: `${device.hostname} has a Service Check - ${service?.displayName ?? check.serviceName} failure`, alertTime: now().toISOString(), resolved: false };
      alerts.push(alert);
      fire(agent, alert, check, 'failure');
    } else {
      const open = alerts.find((a) => a.checkId === check.id && a.agentId === agent.agentId && !a.resolved);
      if (!open) return;
      open.resolved = true;
      open.resolvedOn = now().toISOString();
      fire(agent, open, check, 'resolved');
    }
  };
  const fleet = createDeviceFleet(world, onCheckChange);
  for (const device of fleet.devices) {
    const org = world.organisations.find((o) => o.clientId === device.clientId)!;
    agents.push({ agentId: device.demo.tacticalAgentId, device, clientId: org.tactical.clientId, clientName: org.name, siteId: org.tactical.siteId, siteName: org.tactical.siteName, customFields: { TicketfixSoftwareRequest: '' }, softwareRequestCheck: { id: 9000 + agents.length + 1, status: 'passing', stdout: '' }, inventory: null });
  }

  // The software-request script check runs after the agent's custom fields change.
  const onCustomFieldsChanged = (agent: TacticalAgent) => {
    const check = agent.softwareRequestCheck;
    const request = agent.customFields.TicketfixSoftwareRequest?.trim() ?? '';
    const status = request ? 'failing' : 'passing';
    check.stdout = request;
    if (status === check.status) return;
    check.status = status;
    if (status === 'failing') {
      const alert: TacticalAlert = { id: nextId(), agentId: agent.agentId, checkId: check.id, severity: 'warning', message: `${agent.device.hostname} has a Script Check - ${TACTICAL_SIM_SOFTWARE_REQUEST_CHECK} failure`, alertTime: now().toISOString(), resolved: false };
      alerts.push(alert);
      fire(agent, alert, { id: check.id, check_type: 'script' }, 'failure');
      return;
    }
    const open = alerts.find((a) => a.checkId === check.id && a.agentId === agent.agentId && !a.resolved);
    if (!open) return;
    open.resolved = true;
    open.resolvedOn = now().toISOString();
    fire(agent, open, { id: check.id, check_type: 'script' }, 'resolved');
  };

  function fire(agent: TacticalAgent, alert: TacticalAlert, check: SimCheck | { id: number; check_type: 'script' }, event: 'failure' | 'resolved') {
    if (!alertActions) return;
    const assigned = 'serviceName' in check ? { id: check.id, check_type: 'winsvc', svc_name: check.serviceName } : { id: check.id, check_type: 'script', svc_name: null, script: { name: TACTICAL_SIM_SOFTWARE_REQUEST_CHECK } };
    const context = {
      agent: { agent_id: agent.agentId, hostname: agent.device.hostname, monitoring_type: agent.device.deviceClass, site: { id: agent.siteId, name: agent.siteName, client: { id: agent.clientId, name: agent.clientName } }, ...agent.customFields },
      alert: { id: alert.id, alert_type: 'check', severity: alert.severity, message: alert.message, alert_time: alert.alertTime, assigned_check: assigned },
    };
    const body = renderTemplate(event === 'failure' ? alertActions.failureBody : alertActions.resolvedBody, context);
    const headers = renderHeaders(JSON.stringify(alertActions.headers), context);
    deliverer.send({ url: alertActions.url, headers, body, event, alertId: String(alert.id) });
  }

  const scripts: TacticalScript[] = [
    { id: 41, name: 'TicketFix - Choco uninstall', kind: 'choco-uninstall' },
    { id: 42, name: 'Echo', kind: 'echo' },
    { id: TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID, name: TACTICAL_SIM_SOFTWARE_REQUEST_CHECK, kind: 'software-request' },
  ];
  const pending: TacticalPendingAction[] = [];
  const history: TacticalHistory[] = [];
  const calls: CallLogEntry[] = [];
  const faults = createFaults();
  const state: TacticalRouteState = { fleet, agents, scripts, pending, history, nextId, pollsBeforeCompletion: options.pollsBeforeCompletion ?? 1, now, onCustomFieldsChanged };

  const json = (r: RouteResult, headers: Record<string, string> = {}) => new Response(JSON.stringify(r.body), { status: r.status, headers: { 'Content-Type': 'application/json', ...headers } });

  async function answer(request: Request): Promise<{ response: Response; fault?: string }> {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length) || '/';
    const decision = await faults.decide(request.method, path);
    if (decision.kind === 'hang') {
      await decision.released;
      return { response: json({ status: 503, body: { detail: 'released after a simulated hang' } }), fault: 'hang' };
    }
    if (decision.kind === 'answer') {
      const headers: Record<string, string> = decision.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(decision.retryAfterSeconds) };
      return { response: json({ status: decision.status, body: { detail: 'Simulated failure.' } }, headers), fault: decision.label };
    }
    const key = request.headers.get('x-api-key');
    if (!key) return { response: json({ status: 401, body: { detail: 'Authentication credentials were not provided.' } }) };
    if (!sameSecret(key, options.apiKey)) return { response: json({ status: 401, body: { detail: 'Invalid API key.' } }) };
    const route = TACTICAL_ROUTES.find((r) => r.method === request.method && r.pattern.test(path));
    if (!route) return { response: json(notFound()) };
    const params = route.pattern.exec(path)!.slice(1);
    let agent: TacticalAgent | null = null;
    if (route.agent) {
      agent = agents.find((a) => a.agentId === params[0]) ?? null;
      if (!agent) return { response: json(notFound()) };
    }
    let body: unknown = null;
    if (request.method !== 'GET') {
      const text = await request.text();
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return { response: json({ status: 400, body: { detail: 'JSON parse error' } }) };
      }
    }
    const result = route.handler(state, agent, params, body);
    if (decision.kind === 'lose') return { response: json({ status: 504, body: { detail: 'Gateway Timeout' } }), fault: decision.label };
    return { response: json(result) };
  }

  const handler = http.all(`${base}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname.slice(basePath.length);
    const { response, fault } = await answer(request);
    calls.push({ method: request.method, path, status: response.status, ...(fault ? { fault } : {}) });
    if (calls.length > 10_000) calls.splice(0, calls.length - 10_000);
    return response;
  });

  return {
    baseUrl: base,
    handlers: [handler],
    fleet,
    agents,
    alerts,
    pending,
    history,
    scripts,
    calls,
    deliveries: deliverer.deliveries,
    faults,
    authHeaders: () => ({ 'X-API-KEY': options.apiKey }),
    agentFor(hostname) {
      const a = agents.find((x) => x.device.hostname.toLowerCase() === hostname.toLowerCase());
      if (!a) throw new Error(`no simulated Tactical agent '${hostname}'`);
      return a;
    },
    setAlertActions(actions) {
      alertActions = actions;
    },
    flushWebhooks: () => deliverer.flush(),
  };
}
