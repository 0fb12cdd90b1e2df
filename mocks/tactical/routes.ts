import { AgentUnreachable, type DeviceFleet } from '../rmm-devices/device-model.js';
import { TACTICAL_SIM_CUSTOM_FIELDS, TACTICAL_SIM_SOFTWARE_REQUEST_CHECK, type TacticalAgent, type TacticalHistory, type TacticalPendingAction, type TacticalScript } from './types.js';

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

const agentJson = (a: TacticalAgent, detail: boolean) => ({
  agent_id: a.agentId,
  hostname: a.device.hostname,
  site: a.siteId,
  site_name: a.siteName,
  client: a.clientId,
  client_name: a.clientName,
  plat: 'windows',
  status: a.device.online ? 'online' : 'offline',
  operating_system: 'Windows 11 Pro, 64 bit v23H2 (build 22631.4460)',
  ...(detail ? { monitoring_type: 'workstation', description: '', needs_reboot: false } : {}),
});

const reachable = <T>(fn: () => T): T | RouteResult => {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AgentUnreachable) return bad('Unable to contact the agent');
    throw err;
  }
};

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
      return found ? ok(serviceJson(found)) : bad(`The service ${decodeURIComponent(svc!)} does not exist`);
    },
  },
  {
    method: 'POST',
    pattern: /^\/services\/([^/]+)\/([^/]+)\/$/,
    agent: true,
    handler: (s, a, [, svc], body) => {
      const action = (body as { sv_action?: unknown } | null)?.sv_action;
      if (action !== 'start' && action !== 'stop' && action !== 'restart') return bad('sv_action must be one of start, stop, restart');
      const name = decodeURIComponent(svc!);
      if (!s.fleet.service(a!.device, name)) return bad(`The service ${name} does not exist`);
      const r = reachable(() => s.fleet.serviceAction(a!.device, name, action));
      if ('status' in r && 'body' in r) return r;
      return r.ok ? ok(r.message) : bad(r.message);
    },
  },
  {
    method: 'GET',
    pattern: /^\/software\/([^/]+)\/$/,
    agent: true,
    handler: (s, a) => ok({ id: s.agents.indexOf(a!) + 1, agent: a!.agentId, software: a!.device.software.map((x) => ({ name: x.name, version: x.version, publisher: '', install_date: '', size: '', source: '', location: '', uninstall: '' })) }),
  },
  {
    method: 'POST',
    pattern: /^\/software\/([^/]+)\/$/,
    agent: true,
    handler: (s, a, _p, body) => {
      const name = (body as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(name)) return bad('name is required (a Chocolatey package id)');
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
  {
    method: 'GET',
    pattern: /^\/checks\/([^/]+)\/$/,
    agent: true,
    handler: (_s, a) =>
      ok([
        ...a!.device.checks.map((c) => ({ id: c.id, check_type: 'winsvc', svc_name: c.serviceName, readable_desc: `Service Check - ${c.serviceName}`, check_result: { status: c.status } })),
        { id: a!.softwareRequestCheck.id, check_type: 'script', svc_name: null, readable_desc: `Script Check - ${TACTICAL_SIM_SOFTWARE_REQUEST_CHECK}`, check_result: { status: a!.softwareRequestCheck.status } },
      ]),
  },
];

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
