import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { psaIntegrationFor } from '../../integrations/index.js';
import { webhookPath, type Env } from '../../integrations/psa-integration.js';
import type { AppConfig } from '../config/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import { createEngine, type Engine } from '../engine/engine.js';
import type { HttpClientOptions } from '../http/http-client.js';
import { createLogger } from '../log.js';
import { approvalLinkSignerFromEnv } from '../auth/approval-links.js';
import { assertStartTokens } from '../auth/token-strength.js';
import { createOutboxWorker, type OutboxWorker } from '../outbox/outbox-worker.js';
import { createInProcessQueue, type Job, type WorkQueue } from '../queue/in-process-queue.js';
import { createBullQueue } from '../queue/bullmq-queue.js';
import { runJob, signalJob } from '../queue/jobs.js';
import type { RemediationDefinition } from '../remediation/define.js';
import { createEngineDeps } from './engine-deps.js';
import { createAppMetrics, type AppMetrics } from '../metrics/app-metrics.js';
import { metricsRoute } from '../metrics/metrics-route.js';
import { readinessRoute } from '../metrics/readiness.js';
import { createSignalWriter, type SignalWriter } from './signal-writer.js';
import { startStartupInstalls, type StartupInstalls } from './startup-installs.js';
import { outsideUrlPolicyFromEnv, ALLOW_HTTP_LOOPBACK_ENV } from '../http/outside-url-policy.js';
import { startLiveConfig } from './live-config.js';
import { reconcileInstallation } from '../scheduler/reconcile.js';
import { startScheduler, type Scheduler } from '../scheduler/scheduler.js';
import { createServerApp } from '../server/create-server-app.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface StartAppOptions {
  env?: Env;
  log?: Logger;
  /** An already-listening server to attach to (the sandbox needs its port before its config). */
  server?: Server;
  store?: Store;
  clock?: () => Date;
  remediations?: readonly RemediationDefinition<never, never>[];
  adminToken?: string;
  mount?: (app: Express) => void;
  onAttempt?: HttpClientOptions['onAttempt'];
  concurrency?: number;
  outboxPollMs?: number;
  /** Outbox retry timing (tests shorten it). */
  outboxBackoff?: { baseMs: number; maxMs: number };
  /** Per-call timeout for outside APIs (tests shorten it to provoke timeouts). */
  outsideTimeoutMs?: number;
  /** false turns the scheduled missed-webhook reconcile off. */
  reconcile?: boolean;
  /**
   * Registers every installation's webhooks once listening; /readyz answers 503 until that is
   * done (`ready` resolves then). Off: the app is ready as soon as it listens.
   */
  installOnStart?: boolean;
  /** A bearer token that may read /metrics only (default: env TICKETFIX_METRICS_TOKEN); the admin token always may. */
  metricsToken?: string;
}

export interface AppHandle {
  url: string;
  config: AppConfig;
  store: Store;
  engine: Engine;
  queue: WorkQueue;
  outbox: OutboxWorker;
  deps: EngineDeps;
  adminToken: string;
  /** This app's Prometheus registry and recorders (GET /metrics). */
  metrics: AppMetrics;
  /** How accepted webhooks are written (group commit on the embedded store). */
  signalWriter: SignalWriter;
  /** Registers every installation's webhooks (idempotent). */
  installAll(): Promise<string[]>;
  /** Resolves once the start-up webhook registration is done (at once without installOnStart). */
  ready: Promise<void>;
  /** One reconcile pass over every installation (the scheduler runs it every minute). */
  reconcile(): Promise<number>;
  /** This instance's periodic jobs (self-check, proactive checks, sweeps), callable directly. */
  scheduler: Scheduler;
  /** Waits until no signal or run is in flight and the outbox has nothing due. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Wires store, engine, queue, outbox, scheduler and HTTP server for one app instance. */
export async function startApp(config: AppConfig, o: StartAppOptions = {}): Promise<AppHandle> {
  const env = o.env ?? process.env;
  const log = o.log ?? createLogger();
  const clock = o.clock ?? (() => new Date());
  assertStartTokens(env, config.adminTokenEnv, o);
  if (outsideUrlPolicyFromEnv(process.env).allowHttpLoopback) {
    log.warn(`INSECURE: ${ALLOW_HTTP_LOOPBACK_ENV}=1 lets outside calls use plain http to loopback addresses (local simulators only; never in production)`);
  }
  const store = o.store ?? (await openStore({ dataDir: env.DATA_DIR ?? config.dataDir, redisUrl: env.REDIS_URL, redisPrefix: env.REDIS_PREFIX }));
  const adminToken = o.adminToken ?? env[config.adminTokenEnv] ?? randomUUID();
  const metrics = createAppMetrics();
  // Every outside call is counted by system; the caller's observer (tests, benchmarks) still sees it.
  const onAttempt: HttpClientOptions['onAttempt'] = (info) => {
    metrics.outsideAttempt(info);
    o.onAttempt?.(info);
  };
  const runtime = { env, log, onAttempt, kv: store };
  // The engine wakes the outbox worker, which is built after the engine.
  const wake: { outbox?: OutboxWorker } = {};
  const deps: EngineDeps = {
    ...createEngineDeps(config, { env, log, store, clock, onAttempt, remediations: o.remediations, outsideTimeoutMs: o.outsideTimeoutMs }),
    onOutboxEnqueued: () => wake.outbox?.kick(),
    onTransition: (t) => metrics.transition(t),
  };
  deps.approvalLinks = approvalLinkSignerFromEnv(env, config, log);
  const psa = deps.psa;
  const engine = createEngine(deps);
  const handle = async (job: Job) => {
    if (job.kind === 'signal') await engine.handleSignal(job.id);
    else await engine.resumeRun(job.id);
  };
  // Scale-out: with Redis, BullMQ spreads the work over every instance; else an in-process queue.
  const queue = env.REDIS_URL
    ? await createBullQueue(handle, { redisUrl: env.REDIS_URL, prefix: `${env.REDIS_PREFIX ?? 'ticketfix:'}bull`, concurrency: o.concurrency ?? 8, log })
    : createInProcessQueue(handle, { concurrency: o.concurrency ?? 8, log });
  const outbox = createOutboxWorker({ store, psa, log, workerId: `outbox-${randomUUID()}`, clock, sealer: deps.sealer, pollMs: o.outboxPollMs ?? 1000, baseBackoffMs: o.outboxBackoff?.baseMs, maxBackoffMs: o.outboxBackoff?.maxMs });

  metrics.queueDepth(() => queue.depth());
  // Concurrent webhooks share one fsync'd transaction; each is answered after its own commit.
  const signalWriter = createSignalWriter(store);
  signalWriter.onCommit = (n) => metrics.signalCommit(n);
  const intake = async (signal: Parameters<typeof store.putSignal>[0]) => {
    const r = await signalWriter.put(signal);
    metrics.signalReceived(signal.source, r.inserted);
    if (log.isLevelEnabled('debug')) log.child({ deliveryId: signal.deliveryKey, signalId: r.signal.id, ticketId: signal.ticketId }).debug({ inserted: r.inserted }, 'signal stored');
    if (r.inserted) queue.push(signalJob(r.signal));
    return { inserted: r.inserted };
  };
  const storeReady = readinessRoute({ store, queue, log });
  // Made once listening (below); until then /readyz says the app is starting.
  const startup: { installs?: StartupInstalls } = {};
  const observability = {
    metrics: metricsRoute({ registry: metrics.registry, tokens: [adminToken, o.metricsToken ?? env.TICKETFIX_METRICS_TOKEN] }),
    // Not ready until the start-up webhook registration is done (see startup-installs.ts).
    readyz: ((req, res, next) => (startup.installs ? startup.installs.gate(storeReady)(req, res, next) : void res.status(503).json({ ok: false, reason: 'starting' }))) as RequestHandler,
    registry: metrics.registry,
  };
  const app = createServerApp({ config, env, log, kv: store, intake, admin: { deps, baseConfig: config, engine, queue, adminToken, approvalLinks: deps.approvalLinks }, onAttempt, mount: o.mount, observability });
  const server = o.server ?? createServer();
  server.on('request', app);
  if (!server.listening) await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  // Whatever a previous process accepted but did not finish is picked up again.
  for (const s of await store.listUnprocessedSignals(10_000)) queue.push(signalJob(s));
  for (const r of await store.listActiveRuns()) if (r.state !== 'awaiting_approval') queue.push(runJob(r));
  wake.outbox = outbox;
  outbox.start();
  const reconcileAll = async () => {
    let fed = 0;
    for (const install of config.installations) fed += await reconcileInstallation(install, { store, intake, runtime, now: clock(), log, reopenWindowDays: config.reopenWindowDays });
    return fed;
  };
  const live = startLiveConfig({ deps, base: config, store, log });
  await live.refresh();
  const installAll = async () => {
    const results: string[] = [];
    for (const install of config.installations) {
      const r = await psaIntegrationFor(install).install(install, `${config.publicUrl.replace(/\/$/, '')}${webhookPath(install)}`, runtime);
      results.push(`${install.id}: ${r.detail}`);
    }
    return results;
  };
  const installs = (startup.installs = startStartupInstalls({ installAll, log, enabled: o.installOnStart === true }));
  const scheduler: Scheduler = startScheduler({ store, queue, log, clock, deps, psaRuntime: runtime, intake: config.scheduler.proactiveChecks ? intake : undefined, operatorTicket: config.operatorTickets, reconcile: o.reconcile === false ? undefined : reconcileAll });

  return {
    url,
    config,
    store,
    engine,
    queue,
    outbox,
    deps,
    adminToken,
    metrics,
    signalWriter,
    installAll,
    ready: installs.done,
    reconcile: reconcileAll,
    scheduler,
    async settle() {
      for (let i = 0; i < 50; i++) {
        await queue.idle();
        const delivered = await outbox.drain();
        if (delivered === 0 && queue.size() === 0) return;
      }
    },
    async close() {
      installs.stop();
      scheduler.stop();
      live.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      await signalWriter.close();
      await queue.close();
      await outbox.stop();
      if (!o.store) await store.close();
    },
  };
}
