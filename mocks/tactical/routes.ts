import { AgentUnreachable, type DeviceFleet } from '../rmm-devices/device-model.js';
import { TACTICAL_SIM_CUSTOM_FIELDS, TACTICAL_SIM_SOFTWARE_REQUEST_CHECK, TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID, type TacticalAgent, type TacticalHistory, type TacticalPendingAction, type TacticalScript } from './types.js';

/** What the route handlers reach: the simulator's state, built in simulator.ts. */
export interface TacticalRouteState {
  fleet: DeviceFleet;
  agents: TacticalAgent[];
  scripts: TacticalScript[];
  pending: TacticalPendingAction[];
  history: TacticalHistory[];
  nextId: () => number;
  pollsBeforeCompletion: number;
  now: () => Date;
  /** The agent's custom fields changed: its checks run again (the software-request check may flip). */
  onCustomFieldsChanged: (agent: TacticalAgent) => void;
}

export type RouteResult = { status: number; body: unknown };
type Handler = (s: TacticalRouteState, agent: TacticalAgent | null, params: string[], body: unknown) => RouteResult;

const ok = (body: unknown): RouteResult => ({ status: 200, body });
// Django REST framework answers errors as a bare string or {detail}.
const bad = (message: string): RouteResult => ({ status: 400, body: message });
export const notFound = (): RouteResult => ({ status: 404, body: { detail: 'Not found.' } });

const serviceJson = (s: { name: string; displayName: string; status: string; startType: string }) => ({
  name: s.name,
  display_name: s.displayName,
  status: s.status,
  start_type: s.startType.charAt(0).toUpperCase() + s.startType.slice(1),
  username: 'LocalSystem',
  pid: s.status === 'running' ? 1000 + s.name.length * 7 : 0,
  binpath: `C:\\Windows\\System32\\svchost.exe -k ${s.name}`,
  description: s.displayName,
  autodelay: false,
});

/**
 * GET /agents/ answers AgentTableSerializer rows (client_name, site_name); GET /agents/<id>/
 * answers AgentSerializer: `client` is the client's NAME, `site` the site's pk
 * (amidaware/tacticalrmm api/tacticalrmm/agents/serializers.py).
 */
const agentJson = (a: TacticalAgent, detail: boolean) => ({
  agent_id: a.agentId,
  hostname: a.device.hostname,
  ...(detail ? { client: a.clientName, site: a.siteId, site_name: a.siteName } : { client_name: a.clientName, site_name: a.siteName }),
  plat: 'windows',
  monitoring_type: a.device.deviceClass,
  status: a.device.online ? 'online' : 'offline',
  operating_system: 'Windows 11 Pro, 64 bit v23H2 (build 22631.4460)',
  ...(detail ? { description: '', needs_reboot: false } : {}),
});

/** rmmagent GetServiceDetail: a service that cannot be opened comes back as the zero-valued struct. */
const MISSING_SERVICE = { name: '', status: '', display_name: '', binpath: '', description: '', username: '', pid: 0, start_type: '', autodelay: false };

/** Windows' own messages for the control requests that fail (what the agent passes back as errormsg). */
const NOT_STARTED = 'The service has not been started.';
const ALREADY_RUNNING = 'An instance of the service is already running.';
const NO_SUCH_SERVICE = 'The specified service does not exist as an installed service.';


/** Routes, matched in order against the path below the API base (Tactical's trailing slashes included). */
export const TACTICAL_ROUTES: { method: string; pattern: RegExp; agent: boolean; handler: Handler }[] = [
  { method: 'GET', pattern: /^\/agents\/$/, agent: false, handler: (s) => ok(s.agents.map((a) => agentJson(a, false))) },
  {
    method: 'GET',
    pattern: /^\/clients\/$/,
    agent: false,
    handler: (s) => ok([...new Map(s.agents.map((a) => [a.clientId, { id: a.clientId, name: a.clientName, sites: [{ id: a.siteId, name: a.siteName }] }])).values()]),
  },
  { method: 'GET', pattern: /^\/agents\/([^/]+)\/$/, agent: true, handler: (_s, a) => ok(agentJson(a!, true)) },
  { method: 'PUT', pattern: /^\/agents\/([^/]+)\/$/, agent: true, handler: (s, a, _p, body) => editAgent(s, a!, body) },
  { method: 'GET', pattern: /^\/core\/customfields\/$/, agent: false, handler: () => ok(Object.entries(TACTICAL_SIM_CUSTOM_FIELDS).map(([id, name]) => ({ id: Number(id), model: 'agent', type: 'text', name }))) },
  { method: 'GET', pattern: /^\/services\/([^/]+)\/$/, agent: true, handler: (_s, a) => ok(a!.device.services.map(serviceJson)) },
  {
    method: 'GET',
    pattern: /^\/services\/([^/]+)\/([^/]+)\/$/,
    agent: true,
    handler: (s, a, [, svc]) => {
      if (!a!.device.online) return bad('Unable to contact the agent');
      const found = s.fleet.service(a!.device, decodeURIComponent(svc!));
      return ok(found ? serviceJson(found) : MISSING_SERVICE);
    },
  },
  {
    method: 'POST',
    pattern: /^\/services\/([^/]+)\/([^/]+)\/$/,
    agent: true,
    handler: (s, a, [, svc], body) => serviceAction(s, a!, decodeURIComponent(svc!), body),
  },
  {
    method: 'GET',
    pattern: /^\/software\/([^/]+)\/$/,
    agent: true,
    // software/views.py GetSoftware.get: the stored row, or [] when the agent never reported one.
    handler: (s, a) => (a!.inventory === null ? ok([]) : ok({ id: s.agents.indexOf(a!) + 1, software: a!.inventory, agent: s.agents.indexOf(a!) + 1 })),
  },
  {
    method: 'PUT',
    pattern: /^\/software\/([^/]+)\/$/,
    agent: true,
    // GetSoftware.put: asks the agent for its list now (15 s) and stores it.
    handler: (_s, a) => {
      if (!a!.device.online) return bad('Unable to contact the agent');
      a!.inventory = a!.device.software.map((x) => ({ name: x.name, version: x.version, publisher: '', install_date: '', size: '', source: '', location: '', uninstall: '' }));
      return ok('ok');
    },
  },
  {
    method: 'POST',
    pattern: /^\/software\/([^/]+)\/$/,
    agent: true,
    handler: (s, a, _p, body) => {
      const name = (body as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(name)) return bad('name is required (a Chocolatey package id)');
      // software/views.py: the agent must answer within 2 s, else the pending action is deleted.
      if (!a!.device.online) return bad('Unable to contact the agent');
      s.pending.push({ id: s.nextId(), agentId: a!.agentId, action_type: 'chocoinstall', status: 'pending', details: { name, output: null, installed: false }, pollsLeft: s.pollsBeforeCompletion, entry_time: s.now().toISOString() });
      return ok(`${name} will be installed shortly on ${a!.device.hostname}`);
    },
  },
  {
    method: 'GET',
    pattern: /^\/agents\/([^/]+)\/pendingactions\/$/,
    agent: true,
    handler: (s, a) => {
      const mine = s.pending.filter((p) => p.agentId === a!.agentId);
      for (const p of mine) completeWhenDue(s, a!, p);
      return ok(mine.map(({ pollsLeft: _pollsLeft, agentId: _agentId, ...p }) => ({ ...p, hostname: a!.device.hostname })));
    },
  },
  { method: 'GET', pattern: /^\/scripts\/$/, agent: false, handler: (s) => ok(s.scripts.map((x) => ({ id: x.id, name: x.name, shell: 'powershell', category: 'ticketfix' }))) },
  {
    method: 'POST',
    pattern: /^\/agents\/([^/]+)\/runscript\/$/,
    agent: true,
    handler: (s, a, _p, body) => runScript(s, a!, body),
  },
  { method: 'GET', pattern: /^\/agents\/([^/]+)\/history\/$/, agent: true, handler: (s, a) => ok(s.history.filter((h) => h.agentId === a!.agentId).map(({ agentId: _agentId, ...h }) => h)) },
  // The agent's checks are under /agents/<id>/checks/ (agents/urls.py); checks/urls.py has no per-agent GET.
  { method: 'GET', pattern: /^\/agents\/([^/]+)\/checks\/$/, agent: true, handler: (_s, a) => ok(checksJson(a!)) },
];

/** CheckSerializer rows: `check_result` is the CheckResult row, `{}` before the check has run. */
function checksJson(a: TacticalAgent) {
  const req = a.softwareRequestCheck;
  return [
    ...a.device.checks.map((c) => ({ id: c.id, check_type: 'winsvc', svc_name: c.serviceName, script: null, name: null, readable_desc: `Service Check - ${c.serviceName}`, check_result: { id: c.id, status: c.status, stdout: null, retcode: null } })),
    {
      id: req.id,
      check_type: 'script',
      svc_name: null,
      script: TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID,
      name: null,
      readable_desc: `Script Check - ${TACTICAL_SIM_SOFTWARE_REQUEST_CHECK}`,
      check_result: { id: req.id, status: req.status, stdout: req.stdout, stderr: '', retcode: req.status === 'failing' ? 1 : 0 },
    },
  ];
}

/**
 * services/views.py GetEditActionService.post with the agent's ControlService
 * (rmmagent agent/services_windows.go): `restart` is stop then start, and the start is only
 * sent when the stop succeeded; stopping a stopped service fails, starting a running one fails.
 */
function serviceAction(s: TacticalRouteState, a: TacticalAgent, name: string, body: unknown): RouteResult {
  const b = body as Record<string, unknown> | null;
  // request.data["sv_action"] with no such key is a KeyError: Django answers 500.
  if (!b || !('sv_action' in b)) return { status: 500, body: '<h1>Server Error (500)</h1>' };
  if (!a.device.online) return bad('Unable to contact the agent');
  const action = b.sv_action;
  const svc = s.fleet.service(a.device, name);
  if (action !== 'start' && action !== 'stop' && action !== 'restart') return bad('Something went wrong');
  if (!svc) return bad(NO_SUCH_SERVICE);
  if ((action === 'stop' || action === 'restart') && svc.status === 'stopped') return bad(NOT_STARTED);
  if (action === 'start' && svc.status === 'running') return bad(ALREADY_RUNNING);
  const r = s.fleet.serviceAction(a.device, name, action);
  return r.ok ? ok(r.message) : bad(r.message);
}

function completeWhenDue(s: TacticalRouteState, a: TacticalAgent, p: TacticalPendingAction): void {
  if (p.status === 'completed') return;
  if (p.pollsLeft > 0) {
    p.pollsLeft -= 1;
    return;
  }
  try {
    const r = s.fleet.chocoInstall(a.device, p.details.name);
    p.details = { name: p.details.name, output: r.output, installed: r.exitCode === 0 || r.exitCode === 1641 || r.exitCode === 3010, retcode: r.exitCode };
    p.status = 'completed';
  } catch (err) {
    if (!(err instanceof AgentUnreachable)) throw err;
    // An offline agent picks the action up when it is back.
  }
}

function runScript(s: TacticalRouteState, a: TacticalAgent, body: unknown): RouteResult {
  const b = body as { output?: unknown; script?: unknown; args?: unknown; timeout?: unknown } | null;
  const required = ['output', 'script', 'args', 'env_vars', 'run_as_user', 'timeout'].filter((k) => !b || !(k in b));
  if (required.length > 0) return bad(`missing ${required.join(', ')}`);
  const script = s.scripts.find((x) => x.id === b!.script);
  if (!script) return notFound();
  if (!a.device.online) return bad('Unable to contact the agent');
  const args = Array.isArray(b!.args) ? b!.args.map(String) : [];
  const started = Date.now();
  let result = { stdout: '', stderr: '', retcode: 0 };
  if (script.kind === 'choco-uninstall') {
    const r = s.fleet.chocoUninstall(a.device, args[0] ?? '');
    result = { stdout: r.output, stderr: '', retcode: r.exitCode };
  } else {
    result = { stdout: args.join(' '), stderr: '', retcode: 0 };
  }
  const id = s.nextId();
  s.history.push({ id, agentId: a.agentId, type: 'script_run', script: script.id, script_name: script.name, time: s.now().toISOString(), script_results: { ...result, execution_time: (Date.now() - started) / 1000, id } });
  if (b!.output === 'forget') return ok(`${script.name} will now be run on ${a.device.hostname}`);
  return ok(result.stdout || result.stderr);
}

/** PUT /agents/<id>/ as Tactical takes custom field values: {custom_fields: [{field, string_value}]}. */
function editAgent(s: TacticalRouteState, a: TacticalAgent, body: unknown): RouteResult {
  const fields = (body as { custom_fields?: unknown } | null)?.custom_fields;
  if (!Array.isArray(fields)) return bad('custom_fields must be a list of {field, string_value}');
  for (const f of fields as { field?: unknown; string_value?: unknown }[]) {
    const name = typeof f?.field === 'number' ? TACTICAL_SIM_CUSTOM_FIELDS[f.field] : undefined;
    if (!name) return bad(`unknown custom field ${JSON.stringify(f?.field)}`);
    if (typeof f.string_value !== 'string' || f.string_value.length > 255) return bad('string_value must be text of at most 255 characters');
    a.customFields[name] = f.string_value;
  }
  s.onCustomFieldsChanged(a);
  return ok('The agent was updated successfully');
}
