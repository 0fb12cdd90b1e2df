import { randomBytes } from 'node:crypto';
import { http, type HttpHandler } from 'msw';
import { demoWorld, type DemoWorld } from '../demo-data.js';
import { createActionModel } from './action-model.js';
import { issueToken, type HaloApiApp, type RegisteredApp } from './auth.js';
import { createFaults, type HttpFaults as HaloFaults } from '../http-faults.js';
import { createSlidingWindow, DEFAULT_HALO_LIMITS, type HaloLimits, type SlidingWindow } from './rate-limit.js';
import { answerFault, createApiHandler, logCall } from './route.js';
import { HALO_SIM_ROUTES } from './route-table.js';
import { lookupRoutes } from './routes-lookups.js';
import { ticketRoutes } from './routes-tickets.js';
import { webhookRoutes } from './routes-webhooks.js';
import { DISPATCHER_AGENT_ID, seedState, type HaloState } from './seed-state.js';
import { createTicketModel, findTicket, type TicketModel } from './ticket-model.js';
import type { ActAs, CallLogEntry, HaloAction, HaloTicket, HaloWebhookEvent } from './types.js';
import { createWebhookDispatcher, type Actor } from './webhook-dispatcher.js';

export interface HaloSimulatorOptions {
  /** Resource server, ending in /api (e.g. https://msp.halopsa.com/api). */
  baseUrl: string;
  /** Authorisation server (what /api/authinfo answers); default: the baseUrl with /api replaced by /auth. */
  authUrl?: string;
  /** Halo-hosted instances need `?tenant=` on the token request; omit for a self-hosted one. */
  tenant?: string;
  world?: DemoWorld;
  /** Our API application. */
  app: HaloApiApp;
  /** The agent our application logs in as; its own changes fire no webhooks (no echo). */
  agentId: number;
  agentName?: string;
  /** Other API applications (e.g. a technician's tool logging in as the dispatcher): their changes fire webhooks. */
  otherApps?: RegisteredApp[];
  /** Per-tenant request budget on the resource server (default 450 per 5 minutes); null turns it off. */
  limits?: HaloLimits | null;
  tokenLifetimeSeconds?: number;
  /** Whether the token response lists the granted permissions in `scope` (default true). */
  tokenScopeInResponse?: boolean;
  webhookTimeoutMs?: number;
  /** Payload type of the webhooks Halo sends (default: full object with linked objects). */
  webhookPayload?: 'full' | 'small' | 'event-only';
  now?: () => Date;
  /** Used for webhook deliveries (default: global fetch, so msw and real servers both work). */
  fetch?: typeof fetch;
  /**
   * Checks every resource-server request (e.g. against the OpenAPI description); any problem
   * makes the simulator answer 400 and record it in `state.specViolations`.
   */
  requestCheck?: (request: Request) => Promise<string[]>;
}

export interface HaloSimulator {
  readonly baseUrl: string;
  readonly authUrl: string;
  readonly handlers: HttpHandler[];
  readonly state: HaloState;
  readonly faults: HaloFaults;
  /** The tenant's rate limit (`configure(null)` turns it off, `used()` counts the window). */
  readonly limits: SlidingWindow;
  readonly calls: CallLogEntry[];
  /** Every webhook delivery attempt (Halo's WebhookEvent log). */
  readonly deliveries: HaloWebhookEvent[];
  readonly routes: typeof HALO_SIM_ROUTES;
  /** Issues a bearer token directly (no HTTP call) for our app, or another app by client id. */
  tokenFor(clientId?: string): string;
  authHeaders(clientId?: string): Record<string, string>;
  /** Changes an application's permissions; tokens already issued keep theirs. */
  setScopes(scopes: string[], clientId?: string): void;
  /** Makes every issued token expire now (the next API call answers 401). */
  expireTokens(): void;
  createTicket(input: Record<string, unknown>, as?: ActAs): HaloTicket;
  updateTicket(id: number, fields: Record<string, unknown>, as?: ActAs): HaloTicket;
  addAction(input: Record<string, unknown>, as?: ActAs): HaloAction;
  ticket(id: number): HaloTicket;
  actionsFor(ticketId: number): HaloAction[];
  flushWebhooks(): Promise<void>;
  /** Re-sends a logged delivery by hand (Halo does not retry on its own). */
  resend(webhookEventId: number): void;
}

export function createHaloSimulator(options: HaloSimulatorOptions): HaloSimulator {
  const base = options.baseUrl.replace(/\/$/, '');
  if (!/\/api$/i.test(base)) throw new Error(`HaloPSA simulator baseUrl must end in /api (got ${base})`);
  const authUrl = (options.authUrl ?? base.replace(/\/api$/i, '/auth')).replace(/\/$/, '');
  const now = options.now ?? (() => new Date());
  const state = seedState(options.world ?? demoWorld(), { id: options.agentId, name: options.agentName ?? 'TicketFix API' });
  const apps: RegisteredApp[] = [{ ...options.app, scopes: [...options.app.scopes], agentId: options.agentId }, ...(options.otherApps ?? []).map((a) => ({ ...a, scopes: [...a.scopes] }))];
  for (const a of apps) if (!state.agents.some((g) => g.id === a.agentId)) state.agents.push({ id: a.agentId, name: `Agent ${a.agentId}`, email: `agent${a.agentId}@msp.example`, isapiagent: false });
  const faults = createFaults({ caseInsensitive: true });
  const window = createSlidingWindow(options.limits === undefined ? DEFAULT_HALO_LIMITS : options.limits, () => now().getTime());
  const webhooks = createWebhookDispatcher({ state, apiAgentId: options.agentId, timeoutMs: options.webhookTimeoutMs ?? 10_000, payload: options.webhookPayload, fetch: options.fetch ?? ((...args) => fetch(...args)), now });
  const ctx = { state, now, webhooks };
  // Actions can move a ticket's status and ticket updates log a status-change action: each model
  // reaches the other lazily.
  const models: { tickets?: TicketModel } = {};
  const actions = createActionModel(ctx, () => models.tickets as TicketModel);
  const tickets = createTicketModel(ctx, actions.logStatusChange);
  models.tickets = tickets;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;

  const tokenRoute = http.post(`${authUrl}/token`, async ({ request }) => {
    const url = new URL(request.url);
    const fault = await answerFault(faults, 'POST', '/auth/token');
    const response = fault?.response ?? (await issueToken(request, { state, apps, tenant: options.tenant, lifetimeSeconds, echoScope: options.tokenScopeInResponse ?? true, now: () => now().getTime() }));
    logCall(state, { method: 'POST', path: '/auth/token', query: url.search, status: response.status, fault: fault?.label });
    return response;
  });
  const apiRoute = createApiHandler({
    base,
    state,
    faults,
    window,
    now: () => now().getTime(),
    requestCheck: options.requestCheck,
    handlers: { ...lookupRoutes(state, { authUrl, tenant: options.tenant }), ...ticketRoutes(state, { tickets, actions }), ...webhookRoutes(state) },
  });

  const appFor = (clientId?: string): RegisteredApp => {
    const app = clientId === undefined ? apps[0] : apps.find((a) => a.clientId === clientId);
    if (!app) throw new Error(`no simulated API application '${clientId}'`);
    return app;
  };
  const actor = (as?: ActAs): Actor => {
    if (as?.byUserId !== undefined) {
      if (!state.users.some((u) => u.id === as.byUserId)) throw new Error(`no simulated user ${as.byUserId}`);
      return { kind: 'user', id: as.byUserId };
    }
    const id = as?.byAgentId ?? DISPATCHER_AGENT_ID;
    if (!state.agents.some((a) => a.id === id)) throw new Error(`no simulated agent ${id}`);
    return { kind: 'agent', id };
  };
  const tokenFor = (clientId?: string) => {
    const app = appFor(clientId);
    const token = randomBytes(24).toString('base64url');
    state.tokens.set(token, { clientId: app.clientId, agentId: app.agentId, scopes: new Set(app.scopes), expiresAt: now().getTime() + lifetimeSeconds * 1000 });
    return token;
  };

  return {
    baseUrl: base,
    authUrl,
    handlers: [tokenRoute, apiRoute],
    state,
    faults,
    limits: window,
    get calls() {
      return state.calls;
    },
    get deliveries() {
      return state.webhookEvents;
    },
    routes: HALO_SIM_ROUTES,
    tokenFor,
    authHeaders: (clientId) => ({ Authorization: `Bearer ${tokenFor(clientId)}` }),
    setScopes(scopes, clientId) {
      appFor(clientId).scopes = [...scopes];
    },
    expireTokens() {
      for (const t of state.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now().getTime());
    },
    createTicket: (input, as) => tickets.create(input, actor(as)),
    updateTicket: (id, fields, as) => tickets.update(id, fields, actor(as)),
    addAction: (input, as) => actions.add(input, actor(as)),
    ticket: (id) => findTicket(state, id),
    actionsFor: (ticketId) => state.actions.filter((a) => a.ticket_id === ticketId),
    flushWebhooks: webhooks.flush,
    resend: webhooks.resend,
  };
}

/** Credentials for tests and the sandbox (random secret, fixed shape). */
export function sampleHaloApp(overrides: Partial<HaloApiApp> = {}): HaloApiApp {
  return { clientId: 'b6a1d2c3-4e5f-4a6b-8c7d-9e0f1a2b3c4d', clientSecret: randomBytes(16).toString('hex'), scopes: ['all'], ...overrides };
}
