import { randomBytes } from 'node:crypto';
import type { HttpHandler } from 'msw';
import { demoWorld, type DemoWorld } from '../demo-data.js';
import { authHeaders, basicAuthorization, type ConnectWiseCredentials, type MemberKeys } from './auth.js';
import { createCallbackDispatcher } from './callback-dispatcher.js';
import { createFaults, type HttpFaults as ConnectWiseFaults } from '../http-faults.js';
import { createNoteModel } from './note-model.js';
import { createRouter } from './route.js';
import { boardRoutes } from './routes-boards.js';
import { callbackRoutes } from './routes-callbacks.js';
import { companyRoutes } from './routes-company.js';
import { ticketRoutes } from './routes-tickets.js';
import { timeEntryRoutes } from './routes-time-entries.js';
import { DISPATCHER_IDENTIFIER, newSigningKey, seedState, type ConnectWiseState } from './seed-state.js';
import { createTicketModel, findTicket, type SimContext } from './ticket-model.js';
import { createTimeEntryModel } from './time-entry-model.js';
import type { CallbackDelivery, CallLogEntry, CwMember, CwNote, CwTicket } from './types.js';

export interface ConnectWiseSimulatorOptions {
  /** Full URL ending in /apis/3.0; every route (and key_url) lives under it. */
  baseUrl: string;
  world?: DemoWorld;
  credentials: ConnectWiseCredentials;
  /** Identifier of the API member the keys belong to (changes it makes are "self"). */
  memberIdentifier: string;
  /** Keys of other members (e.g. the dispatcher), so changes can be made as someone else. */
  memberKeys?: MemberKeys[];
  /** Adding a note fires a ticket "updated" callback (default true). */
  notesFireCallbacks?: boolean;
  callbackTimeoutMs?: number;
  now?: () => Date;
  /** Used for callback deliveries (default: global fetch, so msw and real servers both work). */
  fetch?: typeof fetch;
}

/** Who a programmatic change is attributed to (default: the human dispatcher, so callbacks fire). */
export interface ActAs {
  by?: string;
}

export interface ConnectWiseSimulator {
  readonly baseUrl: string;
  readonly handlers: HttpHandler[];
  readonly state: ConnectWiseState;
  readonly faults: ConnectWiseFaults;
  readonly calls: CallLogEntry[];
  readonly deliveries: CallbackDelivery[];
  /** Headers a correctly configured client sends. */
  authHeaders(): Record<string, string>;
  /** Headers for another member's keys (from `memberKeys`): their changes fire callbacks. */
  authHeadersAs(identifier: string): Record<string, string>;
  keyUrl(): string;
  signingKey(): string;
  /** Replaces the key behind the current key_url (a rotation); returns the new key. */
  rotateSigningKey(): string;
  createTicket(input: Record<string, unknown>, as?: ActAs): CwTicket;
  patchTicket(id: number, ops: { op: string; path: string; value?: unknown }[], as?: ActAs): CwTicket;
  addNote(ticketId: number, note: Record<string, unknown>, as?: ActAs): CwNote;
  /** The ticket's contact replies (email connector / portal): a contact note and an "updated" callback. */
  contactReply(ticketId: number, text: string): CwNote;
  ticket(id: number): CwTicket;
  flushCallbacks(): Promise<void>;
  redeliver(delivery: CallbackDelivery): void;
}

export function createConnectWiseSimulator(options: ConnectWiseSimulatorOptions): ConnectWiseSimulator {
  const base = options.baseUrl.replace(/\/$/, '');
  if (!/\/apis\/3\.0$/.test(base)) throw new Error(`ConnectWise simulator baseUrl must end in /apis/3.0 (got ${base})`);
  const now = options.now ?? (() => new Date());
  const state = seedState(options.world ?? demoWorld(), options.memberIdentifier, now().toISOString());
  const faults = createFaults();
  const dispatcher = createCallbackDispatcher({
    state,
    base,
    companyId: options.credentials.companyId,
    timeoutMs: options.callbackTimeoutMs ?? 10_000,
    fetch: options.fetch ?? ((...args) => fetch(...args)),
  });
  const ctx: SimContext = { state, base, now, ticketChanged: dispatcher.ticketChanged };
  const notes = createNoteModel(ctx, { notesFireCallbacks: options.notesFireCallbacks ?? true });
  const tickets = createTicketModel(ctx, notes.addInitial);
  const timeEntries = createTimeEntryModel(ctx);
  const router = createRouter({ baseUrl: base, state, faults, credentials: options.credentials, memberKeys: options.memberKeys });
  const handlers = [
    ...companyRoutes(router, state),
    ...boardRoutes(router, state),
    ...ticketRoutes(router, state, { tickets, notes }),
    ...timeEntryRoutes(router, state, timeEntries),
    ...callbackRoutes(router, state, now),
    router.notFound(),
  ];

  const member = (as?: ActAs): CwMember => {
    const identifier = as?.by ?? DISPATCHER_IDENTIFIER;
    const found = state.members.find((m) => m.identifier === identifier);
    if (!found) throw new Error(`No simulated member '${identifier}'`);
    return found;
  };

  return {
    baseUrl: base,
    handlers,
    state,
    faults,
    get calls() {
      return state.calls;
    },
    get deliveries() {
      return state.deliveries;
    },
    authHeaders: () => authHeaders(options.credentials),
    authHeadersAs(identifier) {
      const keys = options.memberKeys?.find((k) => k.identifier === identifier);
      if (!keys) throw new Error(`no keys for member '${identifier}'`);
      return { Authorization: basicAuthorization({ companyId: options.credentials.companyId, ...keys }), clientId: options.credentials.clientId };
    },
    keyUrl: dispatcher.keyUrl,
    signingKey: () => state.signingKeys.get(state.currentKeyId) as string,
    rotateSigningKey() {
      const key = newSigningKey();
      state.signingKeys.set(state.currentKeyId, key);
      return key;
    },
    createTicket: (input, as) => tickets.create(input, member(as)),
    patchTicket: (id, ops, as) => tickets.patch(id, ops, member(as)),
    addNote: (ticketId, note, as) => notes.add(ticketId, note, member(as)),
    contactReply: (ticketId, text) => notes.contactReply(ticketId, text, member()),
    ticket: (id) => findTicket(state, id),
    flushCallbacks: dispatcher.flush,
    redeliver: dispatcher.redeliver,
  };
}

/** Credentials for tests and the sandbox (random keys, fixed shape). */
export function sampleCredentials(overrides: Partial<ConnectWiseCredentials> = {}): ConnectWiseCredentials {
  return {
    companyId: 'ticketfixdemo',
    publicKey: randomBytes(8).toString('hex'),
    privateKey: randomBytes(12).toString('hex'),
    clientId: '3b8f6c2e-1d4a-4f0b-9a7e-5c2d1e0f9a11',
    ...overrides,
  };
}
