import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config/schema.js';
import { psaIntegrationFor } from '../../integrations/index.js';
import { rmmIntegrationFor } from '../../integrations/rmm-index.js';
import { rmmWebhookPath } from '../../integrations/rmm-integration.js';
import { webhookPath, type Env, type Intake, type PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import type { HttpClientOptions } from '../http/http-client.js';
import { adminGuards, adminRoutes, type AdminDeps } from './admin-routes.js';
import { approvalPageRoutes } from './admin-approval-page.js';
import { secretLinkRoutes } from '../secret-link/secret-link-route.js';
import { adminOperationsRoutes } from './admin-operations.js';
import { consoleRoutes } from '../console/console-routes.js';

export interface ServerAppOptions {
  config: AppConfig;
  env: Env;
  log: Logger;
  intake: Intake;
  kv: PsaRuntimeOptions['kv'];
  admin: AdminDeps;
  onAttempt?: HttpClientOptions['onAttempt'];
  /** Extra routes mounted first (the sandbox's simulators and /sandbox). */
  mount?: (app: Express) => void;
  /** `GET /metrics` (Prometheus, token-protected) and `GET /readyz` (store and queue), see src/metrics/. */
  observability?: { metrics: RequestHandler; readyz: RequestHandler; registry?: Registry };
}

/** The HTTP surface: one webhook route per installation, the admin API, health. */
export function createServerApp(o: ServerAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  o.mount?.(app);
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  if (o.observability) app.get('/readyz', o.observability.readyz).get('/metrics', o.observability.metrics);
  for (const install of o.config.installations) {
    const integration = psaIntegrationFor(install);
    // Raw bytes: signatures are verified on exactly what was sent, before any JSON parsing.
    app.post(webhookPath(install), express.raw({ type: () => true, limit: o.config.maxBodyBytes }), integration.createWebhookHandler(install, { env: o.env, log: o.log, kv: o.kv, intake: o.intake, onAttempt: o.onAttempt }));
  }
  app.use('/console', consoleRoutes());
  app.use('/admin', adminOperationsRoutes(o.admin.deps, adminGuards(o.admin, 'viewer')));
  // RMM alerts: same rules as the PSA routes (raw bytes, sender checked before parsing, stored before the 2xx).
  for (const rmm of o.config.rmms) {
    const handler = rmmIntegrationFor(rmm).createWebhookHandler(rmm, { env: o.env, log: o.log, intake: o.intake, onAttempt: o.onAttempt });
    app.post(rmmWebhookPath(rmm), express.raw({ type: () => true, limit: o.config.maxBodyBytes }), handler);
  }
  app.use('/admin', adminRoutes(o.admin));
  app.use(approvalPageRoutes());
  app.use(secretLinkRoutes({ store: o.admin.deps.store, publicUrl: o.config.publicUrl, clock: o.admin.deps.clock, log: o.log, registry: o.observability?.registry }));
  app.use((_req, res) => void res.status(404).json({ error: 'not_found', message: 'no such route' }));
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') return void res.status(413).json({ error: 'payload_too_large', message: `the body is larger than ${o.config.maxBodyBytes} bytes` });
    if (e.type === 'entity.parse.failed') return void res.status(400).json({ error: 'bad_json', message: 'the body is not valid JSON' });
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return void res.status(e.status).json({ error: 'bad_request', message: e.message ?? 'bad request' });
    o.log.error({ err: e.message }, 'request failed');
    res.status(500).json({ error: 'internal', message: 'internal error; see the server log' });
  });
  return app;
}
