import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestHandler } from 'msw';
import { createConnectWiseSimulator, type ConnectWiseSimulator } from '../../mocks/connectwise/index.js';
import type { CallbackDelivery } from '../../mocks/connectwise/types.js';
import type { DemoWorld } from '../../mocks/demo-data.js';
import { createM365Simulator, SIM_M365_APP, type M365Simulator } from '../../mocks/m365/index.js';
import type { AppConfigInput } from '../../src/config/schema.js';
import { SANDBOX_CW, SANDBOX_DISPATCHER, SANDBOX_SECRETS, sandboxConfig, sandboxUrls } from '../../src/sandbox/sandbox-config.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { reconcileReadsOf } from './checks.js';
import { createCmdletGate, type CmdletGate } from './cmdlet-gate.js';
import { crowdedWorld } from './crowded-world.js';
import { startFrontDoor, type FrontDoor } from './front-door.js';
import { serveSimulators, type AnswerHolds } from './serve-simulators.js';
import { freePort } from '../redis-server.js';
import { ALLOW_HTTP_LOOPBACK_ENV } from '../../src/http/outside-url-policy.js';

/**
 * A `configure` that lifts the per-client limit of the mailbox-quota remediation (default 10 an
 * hour) and sets the global one, so only a limit a test sets on purpose can refuse a run.
 */
export const roomyRateLimits =
  (global = { max: 1000, windowSeconds: 3600 }) =>
  (cfg: AppConfigInput): AppConfigInput => ({
    ...cfg,
    globalRateLimit: global,
    remediations: { ...cfg.remediations, 'mailbox-quota': { ...cfg.remediations?.['mailbox-quota'], rateLimit: { max: 1000, windowSeconds: 3600 } } },
  });

export const WEBHOOK_PATH = '/webhooks/connectwise/sandbox-cw';
export const ADMIN_TOKEN = 'cluster-admin-token-at-least-32-characters';

export interface ClusterOptions {
  /** App processes (distinct ports, one shared store). */
  instances: number;
  /** Shared Redis; without it the instances share the SQLite file in one data folder. */
  redisUrl?: string;
  /** Unique per test, so tests can share one redis-server. */
  redisPrefix?: string;
  world?: DemoWorld;
  /** Adjusts the config every instance gets (rate limits, cooldowns...). */
  configure?: (config: AppConfigInput) => AppConfigInput;
  /** LOG_LEVEL of the app processes (default silent); their output is kept in `logs(index)`. */
  logLevel?: string;
  /**
   * false: the every-minute missed-webhook reconcile never runs, so a signal that got a 2xx and
   * was then dropped stays lost instead of being rescued (the 'nothing lost' suites need that).
   * The test holds the reconcile job's scheduler lease in the shared store before any instance
   * starts; `reconcileReads()` proves the reconcile really never asked ConnectWise.
   */
  reconcile?: boolean;
}

export interface AppInstance {
  index: number;
  port: number;
  url: string;
  /** True from a successful start until it is killed or exits. */
  up: boolean;
  pid: number | null;
  starts: number;
}

/** An app process that exited without being killed by the test (a crash): a finding. */
export interface UnexpectedExit {
  index: number;
  code: number | null;
  signal: string | null;
  stderr: string;
}

export interface AppCluster {
  connectwise: ConnectWiseSimulator;
  m365: M365Simulator;
  /** Holds/slows Exchange cmdlets before the simulator applies them. */
  gate: CmdletGate;
  /** Holds answers of simulator calls that were carried out (e.g. a note POST that landed). */
  answers: AnswerHolds;
  cwBase: string;
  /** The deployment's one public URL (round-robin over live instances). */
  front: FrontDoor;
  instances: AppInstance[];
  dataDir: string;
  unexpectedExits: UnexpectedExit[];
  /** The latest stdout (the app's log lines) of one instance, across its restarts. */
  logs(index: number): string;
  startAll(): Promise<void>;
  start(index: number): Promise<void>;
  /** SIGKILL, no warning: nothing the process had in memory survives. */
  kill(index: number): Promise<void>;
  restart(index: number): Promise<void>;
  /** A live instance's index, round robin. */
  anyUp(): number;
  /** POSTs the exact signed bytes of a recorded callback to one instance; 0 = no answer within `timeoutMs` (default 15 s). */
  post(index: number, delivery: Pick<CallbackDelivery, 'body' | 'signature'>, timeoutMs?: number): Promise<number>;
  /** Calls one instance's admin API with the cluster's token. */
  admin<T = unknown>(index: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Creates a ticket as the dispatcher would (fires the callback through the front door). */
  createTicket(contactEmail: string, summary?: string): Promise<number>;
  /**
   * Creates a ticket while the front door is paused, so ConnectWise's callback reaches no
   * instance (it records a 503): the test then delivers those exact signed bytes itself.
   */
  createTicketUndelivered(contactEmail: string, summary?: string): Promise<{ ticketId: number; delivery: CallbackDelivery }>;
  /** A store handle on the shared state, opened from the test process (close it). */
  openStore(): Promise<Store>;
  /** ConnectWise reads the missed-webhook reconcile made (0 when the cluster runs with `reconcile: false`). */
  reconcileReads(): number;
  close(): Promise<void>;
}


const TAIL = 16_384;

/** The scheduler's lease key of the reconcile job (src/scheduler/job-lease.ts: `scheduler:<job>`). */
const RECONCILE_LEASE = 'scheduler:reconcile';

/**
 * Every instance claims `scheduler:reconcile` for each one-minute tick before running the
 * reconcile; a claim held by the test until the year 2999 makes every such claim fail.
 */
async function holdReconcileLease(o: Parameters<typeof openStore>[0]): Promise<void> {
  const store = await openStore(o);
  try {
    const held = await store.claim(RECONCILE_LEASE, 'test:reconcile-off', '2999-01-01T00:00:00.000Z', new Date().toISOString());
    if (!held.ok) throw new Error('could not hold the reconcile lease: reconcile would still run');
  } finally {
    await store.close();
  }
}


/**
 * The sandbox's config reduced to its ConnectWise installation: the cluster serves only the
 * ConnectWise and Microsoft 365 simulators, and an installation whose PSA is unreachable would
 * stop the app at start.
 */
function cwOnly(config: AppConfigInput, world: DemoWorld): AppConfigInput {
  const cw = config.installations.filter((i) => i.id === 'sandbox-cw');
  if (cw.length !== 1) throw new Error('the sandbox config no longer has its sandbox-cw installation');
  return {
    ...config,
    installations: cw,
    clients: config.clients.map((client) => {
      const company = world.companies.find((c) => c.clientId === client.id);
      if (!company) throw new Error(`no demo company for client ${client.id}`);
      return { ...client, psa: { installationId: 'sandbox-cw', companyIds: [String(company.psaId)] } };
    }),
  };
}

/**
 * N app processes (`node --import tsx src/main.ts serve --config <file>`) on one shared store,
 * all talking to ONE set of simulators served from this process over real HTTP, behind one
 * front door. Only instance 0 registers the ConnectWise callback (on the front door's URL), so
 * every ticket change is delivered once, to whichever instance the front door picks.
 */
export async function startCluster(o: ClusterOptions): Promise<AppCluster> {
  let handlers: RequestHandler[] = [];
  const sims = await serveSimulators(() => handlers);
  const urls = sandboxUrls(sims.url);
  const world = o.world ?? crowdedWorld(0);
  const connectwise = createConnectWiseSimulator({
    baseUrl: urls.connectwise,
    world,
    credentials: { companyId: SANDBOX_CW.companyId, publicKey: SANDBOX_SECRETS.SANDBOX_CW_PUBLIC_KEY, privateKey: SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY, clientId: SANDBOX_CW.clientId },
    memberIdentifier: SANDBOX_CW.memberIdentifier,
    memberKeys: [SANDBOX_DISPATCHER],
  });
  const m365 = createM365Simulator({ world, urls, app: { clientId: SIM_M365_APP.clientId, clientSecret: SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET } });
  const gate = createCmdletGate(urls.exchange);
  handlers = [gate.handler, ...connectwise.handlers, ...m365.handlers];

  const dataDir = mkdtempSync(join(tmpdir(), 'tfx-cluster-'));
  const instances: AppInstance[] = [];
  for (let index = 0; index < o.instances; index++) {
    const port = await freePort();
    instances.push({ index, port, url: `http://127.0.0.1:${port}`, up: false, pid: null, starts: 0 });
  }
  const front = await startFrontDoor(() => instances);
  const base = cwOnly(sandboxConfig(0, urls, world, SIM_M365_APP.clientId), world);
  const configured = o.configure ? o.configure(base) : base;
  const configFiles = instances.map((inst) => {
    const file = join(dataDir, `config-${inst.index}.json`);
    writeFileSync(file, JSON.stringify({ ...configured, port: inst.port, publicUrl: front.url, dataDir }));
    return file;
  });

  const env: NodeJS.ProcessEnv = { ...process.env, ...SANDBOX_SECRETS, DATA_DIR: dataDir, LOG_LEVEL: o.logLevel ?? 'silent', VITEST: '', TICKETFIX_ADMIN_TOKEN: ADMIN_TOKEN };
  // The simulators are plain http on loopback: the instances opt in (benchmarks run this outside vitest too).
  env[ALLOW_HTTP_LOOPBACK_ENV] = '1';
  delete env.REDIS_URL;
  delete env.REDIS_PREFIX;
  if (o.redisUrl) {
    env.REDIS_URL = o.redisUrl;
    env.REDIS_PREFIX = o.redisPrefix ?? `cluster-${Date.now()}:`;
  }

  const storeOptions = { dataDir, redisUrl: env.REDIS_URL, redisPrefix: env.REDIS_PREFIX };
  if (o.reconcile === false) await holdReconcileLease(storeOptions);

  const children = new Map<number, ChildProcess>();
  const killing = new Set<ChildProcess>();
  const unexpectedExits: UnexpectedExit[] = [];
  const output: string[] = [];
  let installed = false;
  let rr = 0;

  async function start(index: number): Promise<void> {
    const inst = instances[index];
    if (!inst) throw new Error(`no instance ${index}`);
    if (children.has(index)) return;
    const install = index === 0 && !installed;
    const args = ['--import', 'tsx', 'src/main.ts', 'serve', '--config', configFiles[index]!];
    if (!install) args.push('--no-install');
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-TAIL);
    });
    child.stdout?.on('data', (c: Buffer) => {
      output[index] = ((output[index] ?? '') + c.toString()).slice(-TAIL * 4);
    });
    children.set(index, child);
    inst.pid = child.pid ?? null;
    child.once('exit', (code, signal) => {
      if (children.get(index) === child) {
        children.delete(index);
        inst.up = false;
      }
      if (!killing.has(child)) unexpectedExits.push({ index, code, signal, stderr });
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`instance ${index} exited during start (${child.exitCode ?? child.signalCode}): ${stderr}`);
      const ok = await fetch(`${inst.url}/readyz`).then((r) => r.ok).catch(() => false);
      if (ok && (!install || connectwise.state.callbacks.length > 0)) {
        inst.up = true;
        inst.starts++;
        if (install) installed = true;
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`instance ${index} did not start within 60 s: ${stderr}`);
  }

  async function kill(index: number): Promise<void> {
    const child = children.get(index);
    const inst = instances[index];
    if (inst) inst.up = false;
    if (!child) return;
    children.delete(index);
    killing.add(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async function createTicket(contactEmail: string, summary = 'My mailbox is full'): Promise<number> {
    const res = await fetch(`${urls.connectwise}/service/tickets`, {
      method: 'POST',
      headers: { ...connectwise.authHeadersAs('dispatch'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ summary, company: { id: 250 }, board: { id: 1 }, contactEmailAddress: contactEmail }),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`ticket create failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: number }).id;
  }

  return {
    connectwise,
    m365,
    gate,
    answers: sims.holds,
    cwBase: urls.connectwise,
    front,
    instances,
    dataDir,
    unexpectedExits,
    logs: (index) => output[index] ?? '',
    async startAll() {
      // All at once; only instance 0 registers the callback (the others start with --no-install).
      await Promise.all(instances.map((i) => start(i.index)));
    },
    start,
    kill,
    async restart(index) {
      await kill(index);
      await start(index);
    },
    anyUp() {
      const up = instances.filter((i) => i.up);
      if (up.length === 0) throw new Error('no instance is up');
      return up[rr++ % up.length]!.index;
    },
    async post(index, delivery, timeoutMs = 15_000) {
      const inst = instances[index]!;
      try {
        const res = await fetch(`${inst.url}${WEBHOOK_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-content-signature': delivery.signature },
          body: delivery.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return 0;
      }
    },
    async admin<T>(index: number, method: string, path: string, body?: unknown) {
      const res = await fetch(`${instances[index]!.url}/admin${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    createTicket,
    async createTicketUndelivered(contactEmail, summary) {
      front.pause(true);
      try {
        const ticketId = await createTicket(contactEmail, summary);
        await connectwise.flushCallbacks();
        const delivery = connectwise.deliveries.find((d) => d.ticketId === ticketId && d.action === 'added');
        if (!delivery) throw new Error(`no callback recorded for ticket ${ticketId}`);
        return { ticketId, delivery };
      } finally {
        front.pause(false);
      }
    },
    openStore: () => openStore(storeOptions),
    reconcileReads: () => reconcileReadsOf(connectwise),
    async close() {
      gate.reset();
      m365.faults.clear();
      connectwise.faults.reset();
      await Promise.all(instances.map((i) => kill(i.index)));
      await connectwise.flushCallbacks().catch(() => undefined);
      await front.close();
      await sims.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
