import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createConnectWiseSimulator, type ConnectWiseSimulator } from '../../mocks/connectwise/index.js';
import { seedTicketHistory } from '../../mocks/connectwise/seed-history.js';
import { demoRmmWorld, demoWorld, type DemoWorld } from '../../mocks/demo-data.js';
import type { HaloSimulator } from '../../mocks/halopsa/index.js';
import { createAutotaskSimulator, type AutotaskSimulator } from '../../mocks/autotask/index.js';
import { createSandboxHaloSimulator } from '../../mocks/halopsa/sandbox.js';
import { createM365Simulator, SIM_M365_APP, type M365Simulator } from '../../mocks/m365/index.js';
import { handle } from '../../mocks/serve-handlers.js';
import { remediations } from '../../remediations/index.js';
import { parseConfig } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import type { AppConfig } from '../config/schema.js';
import type { HttpClientOptions } from '../http/http-client.js';
import { startApp, type AppHandle, type StartAppOptions } from '../runtime/start-app.js';
import type { Store } from '../store/store.js';
import { sandboxDescription } from './sandbox-description.js';
import { ALLOW_HTTP_LOOPBACK_ENV } from '../http/outside-url-policy.js';
import { sandboxHostCheck } from './host-check.js';
import { claimSandboxStore, openFreshSandboxStore, SandboxStoreRefused } from './sandbox-store.js';
import { createDemoKeys, type DemoKeys } from './demo-keys.js';
import { createSandboxRmms, type SandboxRmms } from './sandbox-rmm.js';
import { addSandboxMspCompany } from './sandbox-alert-loop.js';
import { SANDBOX_DATA_DIR, SANDBOX_AT, SANDBOX_CW, SANDBOX_DISPATCHER, SANDBOX_SECRETS, sandboxConfig, sandboxUrls, type SandboxUrls } from './sandbox-config.js';

export interface SandboxOptions {
  port?: number;
  /** The sandbox's own data folder (default ./sandbox-data), emptied at each start: see sandbox-store.ts. */
  dataDir?: string;
  log?: Logger;
  store?: Store;
  world?: DemoWorld;
  /** Adjusts the generated config (tests: dry-run, rate limits, policies). */
  configure?: (config: AppConfig) => AppConfig;
  onAttempt?: HttpClientOptions['onAttempt'];
  clock?: () => Date;
  /** Seeds the ConnectWise ticket history the backtest reads (default true). */
  history?: boolean;
  /**
   * Extra environment for the app. REDIS_URL here (tests, benchmarks) runs it on that Redis, which
   * must be empty or this sandbox's; the process's own REDIS_URL is refused.
   */
  env?: Record<string, string>;
  /** Passed through to the app (tests: extra remediations, fast outbox retries, no reconcile). */
  app?: Pick<StartAppOptions, 'remediations' | 'outboxBackoff' | 'outboxPollMs' | 'outsideTimeoutMs' | 'reconcile'>;
  /** Called once the port is bound, before the app is ready (tests watch /readyz from here). */
  onListening?: (origin: string) => void;
}

export interface Sandbox {
  app: AppHandle;
  urls: SandboxUrls;
  world: DemoWorld;
  connectwise: ConnectWiseSimulator;
  halopsa: HaloSimulator;
  autotask: AutotaskSimulator;
  m365: M365Simulator;
  /** The simulated RMMs (Tactical), their alert webhooks pointing at the app. */
  rmm: SandboxRmms;
  /** An admin API key per role (viewer, approver, admin), made at this start. */
  demoKeys: DemoKeys;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The embedded default: the app plus stateful simulators of ConnectWise and Microsoft 365,
 * all on one port over real HTTP, seeded with demo data and installed like a real MSP would.
 */
export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  // The sandbox never touches a real install's data: not the Redis the environment names, not
  // its data folder (DATA_DIR is not read; the sandbox has its own).
  if (process.env.REDIS_URL) throw new SandboxStoreRefused('REDIS_URL is set: the sandbox never runs against a shared store (unset it)');
  // The simulators speak plain http on loopback: this process is a sandbox, and says so loudly.
  process.env[ALLOW_HTTP_LOOPBACK_ENV] = '1';
  const dataDir = o.dataDir ?? SANDBOX_DATA_DIR;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATA_DIR' && k !== 'REDIS_PREFIX'));
  // A fresh approval-link signing secret per start unless one is set.
  const env: Record<string, string | undefined> = { TICKETFIX_LINK_SECRET: randomBytes(32).toString('hex'), ...inherited, ...SANDBOX_SECRETS, DATA_DIR: dataDir, ...o.env };
  const store = o.store ?? (env.REDIS_URL ? await openStore({ dataDir, redisUrl: env.REDIS_URL, redisPrefix: env.REDIS_PREFIX }) : await openFreshSandboxStore(dataDir));
  try {
    // A store handed in may be shared by several sandboxes (multi-instance tests); a Redis must be empty.
    if (o.store || env.REDIS_URL) await claimSandboxStore(store, o.store ? 'the given store' : `Redis at prefix ${env.REDIS_PREFIX ?? 'ticketfix:'}`, { shared: !!o.store });
  } catch (err) {
    if (!o.store) await store.close();
    throw err;
  }
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(o.port ?? 3000, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const urls = sandboxUrls(`http://127.0.0.1:${port}`);
  o.onListening?.(urls.origin);
  const world = o.world ?? demoWorld();

  const connectwise = createConnectWiseSimulator({
    baseUrl: urls.connectwise,
    world,
    credentials: { companyId: SANDBOX_CW.companyId, publicKey: SANDBOX_SECRETS.SANDBOX_CW_PUBLIC_KEY, privateKey: SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY, clientId: SANDBOX_CW.clientId },
    memberIdentifier: SANDBOX_CW.memberIdentifier,
    // The person driving the sandbox acts as the dispatcher, so their tickets fire callbacks
    // (the app's own API member is self-suppressed, as in a real install).
    memberKeys: [SANDBOX_DISPATCHER],
  });
  // A month of closed and open tickets for `ticketfix backtest` (older than the reconcile looks back).
  if (o.history !== false) seedTicketHistory(connectwise.state, world, o.clock?.() ?? new Date());
  addSandboxMspCompany(connectwise.state);
  const m365 = createM365Simulator({ world, urls, app: { clientId: SIM_M365_APP.clientId, clientSecret: SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET } });
  const halopsa = createSandboxHaloSimulator({ origin: urls.origin, world, clientSecret: SANDBOX_SECRETS.SANDBOX_HALO_CLIENT_SECRET, dispatcherSecret: SANDBOX_SECRETS.SANDBOX_HALO_DISPATCHER_SECRET });
  const autotask = createAutotaskSimulator({
    baseUrl: urls.autotask,
    zoneLookupUrl: `${urls.autotask}/ZoneInformation`,
    world,
    credentials: { userName: SANDBOX_AT.userName, secret: SANDBOX_SECRETS.SANDBOX_AT_SECRET, integrationCode: SANDBOX_AT.integrationCode },
    apiResourceId: SANDBOX_AT.apiResourceId,
    otherUsers: [
      { credentials: { userName: SANDBOX_AT.dispatcherUserName, secret: SANDBOX_SECRETS.SANDBOX_AT_DISPATCHER_SECRET, integrationCode: SANDBOX_AT.integrationCode }, resourceId: SANDBOX_AT.dispatcherResourceId },
    ],
  });
  let config = parseConfig({ ...sandboxConfig(port, urls, world, SIM_M365_APP.clientId), dataDir }, remediations, 'sandbox config', { allowHttpLoopback: true });
  if (o.configure) config = o.configure(config);
  const rmm = createSandboxRmms(urls.origin, urls.rmm, demoRmmWorld(), config.rmms);
  const simHandlers = [...connectwise.handlers, ...halopsa.handlers, ...autotask.handlers, ...m365.handlers, ...rmm.handlers];
  // /sandbox describes the running app: it answers once the app is ready (webhooks registered).
  const started: { app?: AppHandle; demoKeys?: DemoKeys; ready?: boolean } = {};
  const mount = (express: Express) => {
    express.use(sandboxHostCheck(port));
    express.use('/sim', (req, res) => {
      req.url = req.originalUrl;
      void handle(req, res, simHandlers, urls.origin);
    });
    express.get('/sandbox', (_req, res) => {
      if (!started.ready || !started.app) return void res.status(503).json({ error: 'starting', message: 'the sandbox is registering its webhooks; try again in a moment' });
      res.json(sandboxDescription({ urls, world, connectwise, halopsa, autotask, m365, rmm, app: started.app, demoKeys: started.demoKeys }));
    });
  };
  const app = await startApp(config, { env, log: o.log, server, store, mount, onAttempt: o.onAttempt, clock: o.clock, adminToken: randomUUID(), installOnStart: true, ...o.app });
  started.app = app;
  const demoKeys = (started.demoKeys = await createDemoKeys(app.store, app.deps.clock()));
  await app.ready;
  started.ready = true;
  return {
    app,
    urls,
    world,
    connectwise,
    halopsa,
    autotask,
    m365,
    rmm,
    demoKeys,
    config,
    close: async () => {
      await app.close();
      // The store this function opened is this function's to close.
      if (!o.store) await store.close();
    },
  };
}
