import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Installation } from '../src/config/schema.js';
import type { HttpClientOptions } from '../src/http/http-client.js';
import type { PsaAdapter } from '../src/model/psa.js';
import type { PsaSystem, Signal } from '../src/model/signal.js';
import type { Store } from '../src/store/store.js';

export type Env = Record<string, string | undefined>;

/** Persists an accepted signal (before the 2xx) and queues it; `inserted:false` for a re-delivery. */
export type Intake = (signal: Signal) => Promise<{ inserted: boolean }>;

export interface PsaRuntimeOptions {
  env: Env;
  log: Logger;
  /** Small durable state shared by every instance (e.g. the webhook ids registered at install). */
  kv: Pick<Store, 'getKv' | 'setKv'>;
  /** Observes every outside call (metrics, call counts in tests and benchmarks). */
  onAttempt?: HttpClientOptions['onAttempt'];
  /** Per-call timeout for the PSA's API (default: the integration's own). */
  timeoutMs?: number;
}

/**
 * What every PSA folder provides to the app: its adapter, its webhook route and its
 * marketplace install. Registered in integrations/index.ts; no runtime discovery.
 */
export interface PsaIntegration<I extends Installation = Installation> {
  psa: PsaSystem;
  createAdapter(install: I, options: PsaRuntimeOptions): PsaAdapter;
  createWebhookHandler(install: I, options: PsaRuntimeOptions & { intake: Intake }): RequestHandler;
  /** Registers the webhooks/callbacks pointing at `webhookUrl`; running it twice registers once. */
  install(install: I, webhookUrl: string, options: PsaRuntimeOptions): Promise<{ created: boolean; detail: string }>;
  uninstall(install: I, webhookUrl: string, options: PsaRuntimeOptions): Promise<{ removed: number }>;
  /**
   * Tickets changed since `since`, for the reconcile job that catches webhooks the PSA dropped
   * (Autotask gives up after 2 minutes; Halo does not retry).
   */
  listChangedTickets(install: I, since: Date, options: PsaRuntimeOptions): Promise<ChangedTicket[]>;
  /** Checks credentials, permissions, registration and reachability; each failed check says exactly what is missing. */
  doctor(install: I, webhookUrl: string, options: PsaRuntimeOptions): Promise<DoctorCheck[]>;
}

export interface ChangedTicket {
  ticketId: string;
  /** The PSA's own last-modified time, so a change is fed into the loop once. */
  updatedAt: string;
}

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export const webhookPath = (install: Installation): string => `/webhooks/${install.psa}/${install.id}`;
