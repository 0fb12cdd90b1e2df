import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { RmmInstallation } from '../src/config/schema.js';
import type { HttpClientOptions } from '../src/http/http-client.js';
import type { RmmAdapter, RmmAlert, RmmSystem } from '../src/model/rmm.js';
import type { Signal } from '../src/model/signal.js';
import type { DoctorCheck, Env } from './psa-integration.js';

/** A verified RMM alert: the stored signal (`source` = the RMM, `kind: 'alert'`) and the normalised alert it carries. */
export type RmmSignal = Signal & { kind: 'alert'; alert: RmmAlert };

/**
 * Persists an accepted alert (before the 2xx) and queues it; `inserted:false` for a re-delivery.
 * The app's PSA `Intake` fits (it takes any Signal); the engine reads `alert` from it.
 */
export type RmmIntake = (signal: RmmSignal) => Promise<{ inserted: boolean }>;

export interface RmmRuntimeOptions {
  env: Env;
  log: Logger;
  /** Observes every outside call (metrics, call counts in tests). */
  onAttempt?: HttpClientOptions['onAttempt'];
  /** Per-call timeout for the RMM's API (default: the integration's own). */
  timeoutMs?: number;
  /** Waits between polls of an asynchronous job and between retries (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

/**
 * What every RMM folder provides to the app. Registered in integrations/rmm-index.ts; no
 * runtime discovery. `canAct` is false for RMMs that only call us (the generic signed callback):
 * their adapter's methods throw RmmCannotActError, so a remediation on such an alert escalates.
 */
export interface RmmIntegration<I extends RmmInstallation = RmmInstallation> {
  rmm: RmmSystem;
  canAct: boolean;
  createAdapter(install: I, options: RmmRuntimeOptions): RmmAdapter;
  /** Express handler; mount it behind `express.raw` (the secret/signature is checked on the bytes as sent). */
  createWebhookHandler(install: I, options: RmmRuntimeOptions & { intake: RmmIntake }): RequestHandler;
  /**
   * `ticketfix install`: registers the alert webhook through the RMM's API where it has one
   * (NinjaOne `PUT /v2/webhook`, idempotent), else returns what the MSP must paste (no secret values).
   */
  install(install: I, setup: RmmSetup, options: RmmRuntimeOptions): Promise<RmmInstallResult>;
  /** `ticketfix doctor`: credentials, reachability, the mapped organisations, what must be pasted. */
  doctor(install: I, setup: RmmSetup, options: RmmRuntimeOptions): Promise<RmmDoctorResult>;
}

/** What install/doctor know from the config: the app's webhook URL and the organisations clients map here. */
export interface RmmSetup {
  webhookUrl: string;
  organisationIds: string[];
}

export interface RmmInstallResult {
  registered: boolean;
  detail: string;
  /** Text the MSP pastes into the RMM (alert template, monitor webhook); secrets as placeholders. */
  paste?: string;
}

export interface RmmDoctorResult {
  checks: DoctorCheck[];
  paste?: string;
}

export const rmmWebhookPath = (install: RmmInstallation): string => `/webhooks/rmm/${install.rmm}/${install.id}`;

/** Thrown by the adapter of an RMM that has no action API (the generic callback). */
export class RmmCannotActError extends Error {
  constructor(readonly installationId: string, operation: string) {
    super(`generic RMM callbacks cannot act: installation '${installationId}' has no RMM API, so ${operation} is not possible; a person must do it`);
    this.name = 'RmmCannotActError';
  }
}
