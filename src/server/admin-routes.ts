import express, { type RequestHandler, type Router } from 'express';
import type { ApprovalLinkSigner } from '../auth/approval-links.js';
import { createAuthThrottle, type AuthThrottle } from '../auth/auth-throttle.js';
import { authenticate } from '../auth/authenticate.js';
import { requireRole, type Role } from '../auth/roles.js';
import type { Engine } from '../engine/engine.js';
import type { EngineDeps } from '../engine/deps.js';
import type { WorkQueue } from '../queue/in-process-queue.js';
import { AuthThrottleConfig, type AppConfig } from '../config/schema.js';
import { adminApprovalLinkRoutes } from './admin-approval-links.js';
import { adminApprovalRoutes } from './admin-approvals.js';
import { adminAuditRoutes } from './admin-audit.js';
import { adminConfigRoutes } from './admin-config.js';
import { adminKeyRoutes } from './admin-keys.js';
import { adminKillSwitchRoutes } from './admin-kill-switch.js';
import { adminPolicyRoutes } from './admin-policies.js';
import { adminRunRoutes } from './admin-runs.js';
import { adminRunLabelRoutes } from './admin-run-labels.js';
import { adminStatsRoutes } from './admin-stats.js';
import { openApiDocument } from './openapi-document.js';

export interface AdminDeps {
  deps: EngineDeps;
  /** The config file as loaded; overrides are laid over it. */
  baseConfig: AppConfig;
  engine: Engine;
  queue: WorkQueue;
  /** The bootstrap admin token (env `adminTokenEnv`): an admin without a key, for set-up and old callers. */
  adminToken: string;
  /** Verifies approval links; absent when no link secret is configured. */
  approvalLinks?: ApprovalLinkSigner;
  /** Failed sign-ins per address, shared by every admin route; made from `baseConfig.authThrottle` when absent. */
  authThrottle?: AuthThrottle;
}

/** Every admin answer, errors and exports included, may hold operator data: never kept by a cache. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * The operator API under /admin. Every route past the OpenAPI document needs a credential
 * (API key or bootstrap token) and states its least role with one `requireRole(...)`. Each
 * route file is listed in openapi-operations.ts; test/admin-openapi.test.ts fails on drift.
 */
export function adminRoutes(a: AdminDeps): Router {
  const { deps, engine, queue } = a;
  const r = express.Router();
  r.use(noStore);
  r.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
  r.use(authenticateAdmin(a));
  r.use(express.json({ limit: '256kb' }));
  r.use(adminKeyRoutes(deps.store, deps.clock));
  r.use(adminRunRoutes(deps.store));
  r.use(adminRunLabelRoutes(deps.store, deps.clock));
  r.use(adminAuditRoutes(deps.store));
  r.use(adminApprovalRoutes({ deps, engine, queue }));
  r.use(adminApprovalLinkRoutes({ deps, engine, queue }, a.approvalLinks));
  r.use(adminKillSwitchRoutes(deps));
  r.use(adminPolicyRoutes(deps, a.baseConfig));
  r.use(adminConfigRoutes(deps, a.baseConfig));
  r.use(adminStatsRoutes(deps, [requireRole('viewer')]));
  return r;
}

/** The one throttle of this app's admin API (kept on its AdminDeps, so each app has its own). */
function throttleOf(a: AdminDeps): AuthThrottle {
  a.authThrottle ??= createAuthThrottle({ ...AuthThrottleConfig.parse(a.baseConfig.authThrottle ?? {}), clock: a.deps.clock });
  return a.authThrottle;
}

const authenticateAdmin = (a: AdminDeps): RequestHandler =>
  authenticate({ store: a.deps.store, bootstrapToken: a.adminToken, clock: a.deps.clock, throttle: throttleOf(a) });

/**
 * For admin routes mounted outside this router (their own `app.use('/admin', ...)`): the same
 * sign-in (API key or bootstrap token) and a least role, e.g. `adminGuards(o.admin, 'viewer')`.
 */
export function adminGuards(a: AdminDeps, role: Role): RequestHandler[] {
  return [noStore, authenticateAdmin(a), requireRole(role)];
}
