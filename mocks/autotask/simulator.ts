import { randomBytes } from 'node:crypto';
import type { HttpHandler } from 'msw';
import { createFaults, type HttpFaults as ConnectWiseFaults } from '../http-faults.js';
import { demoWorld, type DemoWorld } from '../demo-data.js';
import { authHeaders, type AutotaskCredentials, type OtherApiUser } from './auth.js';
import { createLimits, type AutotaskLimitOptions, type LimitState } from './limits.js';
import { createNoteModel } from './note-model.js';
import { createRouter, type RouteInfo } from './route.js';
import { directoryRoutes } from './routes-directory.js';
import { ticketRoutes, type TicketRouteOptions } from './routes-tickets.js';
import { timeEntryRoutes } from './routes-time-entries.js';
import { webhookRoutes } from './routes-webhooks.js';
import { zoneAndThresholdRoutes, zoneUrlOf } from './routes-zone-threshold.js';
import { DISPATCHER_RESOURCE_ID, seedState, type AutotaskState } from './seed-state.js';
import { createTicketModel, findTicket } from './ticket-model.js';
import { createTimeEntryModel } from './time-entry-model.js';
import type { AtNote, AtTicket, CallLogEntry, WebhookDelivery } from './types.js';
import { createWebhookDispatcher, type WebhookDeliveryOptions } from './webhook-dispatcher.js';
import { createWebhookModel } from './webhook-model.js';

/** Fault injection (latency, failNext, throttleNext, outage, hangNext, rateLimit, reset). */
export type AutotaskFaults = ConnectWiseFaults;

export const GLOBAL_ZONE_LOOKUP_URL = 'https://webservices.autotask.net/ATServicesRest/V1.0/ZoneInformation';

export interface AutotaskSimulatorOptions {
  /** The zone's REST base, ending in /ATServicesRest/V1.0; every route lives under it. */
  baseUrl: string;
  /** Where ZoneInformation is also answered (default the global https://webservices.autotask.net/…/ZoneInformation). */
  zoneLookupUrl?: string;
  world?: DemoWorld;
  credentials: AutotaskCredentials;
  /** Other integrations' API users (e.g. the sandbox's dispatcher); their changes fire our webhooks. */
  otherUsers?: OtherApiUser[];
  /** The resource id of the API-only user the credentials belong to. */
  apiResourceId: number;
  /** The API user's security level: may it create webhooks, and how many. */
  permissions?: { canCreateWebhooks?: boolean; webhookLimit?: number };
  /** Relabelled (or localised) webhook field labels, by REST field name (e.g. companyID: 'Organisation'). */
  webhookFieldLabels?: Record<string, string>;
  limits?: AutotaskLimitOptions;
  webhooks?: WebhookDeliveryOptions;
  ticketPatch?: TicketRouteOptions['ticketPatch'];
  /**
   * Spec conformance: problems it returns make the simulator answer 400 `{errors: problems}`
   * and record them in `state.specViolations` (tests plug in the OpenAPI checker here).
   */
  requestCheck?: (request: Request) => Promise<string[]>;
  now?: () => Date;
  /** Used for webhook deliveries (default: global fetch, so msw and real servers both work). */
  fetch?: typeof fetch;
}

/** Who a programmatic change is attributed to (default: the human dispatcher, so webhooks fire). */
export interface ActAs {
  byResourceId?: number;
}

export interface AutotaskSimulator {
  readonly baseUrl: string;
  /** What ZoneInformation answers as `url` (the base without V1.0). */
  readonly zoneUrl: string;
  readonly zoneLookupUrl: string;
  readonly handlers: HttpHandler[];
  /** Every route served, with the spec path it corresponds to (and why, when the spec lacks it). */
  readonly routes: RouteInfo[];
  readonly state: AutotaskState;
  readonly faults: AutotaskFaults;
  readonly limits: LimitState;
  readonly calls: CallLogEntry[];
  readonly deliveries: WebhookDelivery[];
  /** Headers a correctly configured client sends, optionally impersonating a resource. */
  authHeaders(impersonate?: number): Record<string, string>;
  /** Headers of one of `otherUsers`, by user name. */
  authHeadersAs(userName: string): Record<string, string>;
  createTicket(input: Record<string, unknown>, as?: ActAs): AtTicket;
  updateTicket(id: number, fields: Record<string, unknown>, as?: ActAs): AtTicket;
  addNote(ticketId: number, note: Record<string, unknown>, as?: ActAs): AtNote;
  /** The ticket's contact replies (portal / email), published to all; `replyStatus` moves the ticket (and fires its webhook). */
  contactReply(ticketId: number, text: string, options?: { replyStatus?: number }): AtNote;
  ticket(id: number): AtTicket;
  /** The secret a webhook signs with (tests verify and forge with it). */
  webhookSecret(webhookId: number): string;
  /** Disables a webhook as Autotask does after repeated failures, calling its deactivationUrl. */
  deactivateWebhook(webhookId: number): void;
  flushWebhooks(): Promise<void>;
  redeliver(delivery: WebhookDelivery): void;
}

export function createAutotaskSimulator(options: AutotaskSimulatorOptions): AutotaskSimulator {
  const base = options.baseUrl.replace(/\/$/, '');
  if (!/\/ATServicesRest\/V1\.0$/.test(base)) throw new Error(`Autotask simulator baseUrl must end in /ATServicesRest/V1.0 (got ${base})`);
  const now = options.now ?? (() => new Date());
  const zoneLookupUrl = options.zoneLookupUrl ?? GLOBAL_ZONE_LOOKUP_URL;
  const state = seedState(options.world ?? demoWorld(), { apiResourceId: options.apiResourceId, apiUserName: options.credentials.userName, permissions: options.permissions, webhookFieldLabels: options.webhookFieldLabels });
  const faults = createFaults();
  const limits = createLimits(options.limits);
  const dispatcher = createWebhookDispatcher(state, { ...options.webhooks, fetch: options.fetch ?? ((...args) => fetch(...args)), now });
  const ctx = { state, now, webhooks: dispatcher };
  const tickets = createTicketModel(ctx);
  const notes = createNoteModel(ctx, tickets);
  const timeEntries = createTimeEntryModel(ctx, tickets);
  const webhooks = createWebhookModel(state, dispatcher);
  const router = createRouter({ baseUrl: base, state, faults, limits, credentials: options.credentials, otherUsers: options.otherUsers, apiResourceId: options.apiResourceId, requestCheck: options.requestCheck });
  const handlers = [
    ...zoneAndThresholdRoutes(router, { credentials: options.credentials, zoneLookupUrl, limits }),
    ...ticketRoutes(router, state, { tickets, notes }, { ticketPatch: options.ticketPatch }),
    ...timeEntryRoutes(router, state, timeEntries),
    ...directoryRoutes(router, state),
    ...webhookRoutes(router, state, webhooks),
    router.notFound(),
  ];

  const actor = (as?: ActAs) => {
    const id = as?.byResourceId ?? DISPATCHER_RESOURCE_ID;
    if (!state.resources.some((r) => r.id === id)) throw new Error(`No simulated resource ${id}`);
    return { resourceId: id };
  };
  const ticket = (id: number) => {
    const found = findTicket(state, id);
    if (!found) throw new Error(`No simulated ticket ${id}`);
    return found;
  };

  return {
    baseUrl: base,
    zoneUrl: zoneUrlOf(base),
    zoneLookupUrl,
    handlers,
    routes: router.routes,
    state,
    faults,
    limits,
    get calls() {
      return state.calls;
    },
    get deliveries() {
      return state.deliveries;
    },
    authHeaders: (impersonate) => authHeaders(options.credentials, impersonate),
    authHeadersAs(userName) {
      const other = options.otherUsers?.find((o) => o.credentials.userName === userName);
      if (!other) throw new Error(`no other API user '${userName}'`);
      return authHeaders(other.credentials);
    },
    // Programmatic changes default status/priority like the Autotask UI pre-fills them.
    createTicket: (input, as) => tickets.create({ status: 1, priority: 2, ...input }, actor(as)),
    updateTicket: (id, fields, as) => tickets.patch({ ...fields, id }, actor(as)),
    addNote: (ticketId, note, as) => notes.add(ticketId, { title: 'Note', noteType: 1, publish: 1, ...note }, actor(as)),
    contactReply: (ticketId, text, o = {}) => notes.contactReply(ticketId, text, { publish: 1, system: actor(), ...o }),
    ticket,
    webhookSecret: (id) => state.webhookSecrets.get(id)?.secretKey ?? '',
    deactivateWebhook(id) {
      const webhook = state.webhooks.find((w) => w.id === id);
      if (!webhook) throw new Error(`No simulated webhook ${id}`);
      dispatcher.deactivate(webhook);
    },
    flushWebhooks: dispatcher.flush,
    redeliver: dispatcher.redeliver,
  };
}

/** Every route the simulator serves, with its spec path and any documented spec exception. */
export function autotaskRouteTable(): RouteInfo[] {
  return createAutotaskSimulator({ baseUrl: 'https://webservices5.autotask.net/ATServicesRest/V1.0', credentials: sampleCredentials(), apiResourceId: 1 }).routes;
}

/** Credentials for tests and the sandbox (random secret, fixed shape). */
export function sampleCredentials(overrides: Partial<AutotaskCredentials> = {}): AutotaskCredentials {
  return {
    userName: 'ticketfix-api@ticketfixdemo.example',
    secret: randomBytes(12).toString('base64url'),
    integrationCode: 'TFXSIMTRACKINGIDENTIFIER0001',
    ...overrides,
  };
}
