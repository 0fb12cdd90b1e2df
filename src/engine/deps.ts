import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import type { PsaAdapter } from '../model/psa.js';
import type { RmmAdapter } from '../model/rmm.js';
import type { RemediationDefinition } from '../remediation/define.js';
import type { Store } from '../store/store.js';
import type { ApprovalLinkSigner } from '../auth/approval-links.js';
import type { TransitionObservation } from './transition.js';
import type { M365Factory } from '../../integrations/m365/types.js';
import type { Sealer } from '../secret-link/run-sealer.js';
import type { SecretLinks } from '../secret-link/secret-links.js';

/** Everything the engine touches, injected so tests can drive each part. */
export interface EngineDeps {
  store: Store;
  config: AppConfig;
  /** The typed list from remediations/index.ts (or a subset in tests). */
  remediations: readonly RemediationDefinition<never, never>[];
  /** The PSA adapter of one installation; throws for an unknown installation. */
  psa: (installationId: string) => PsaAdapter;
  /** Tenant-bound Microsoft 365 access; absent when the install has no M365 app. */
  m365?: M365Factory;
  /** The RMM adapter of one RMM installation (config `rmms`); absent when none is configured. Throws for an unknown id. */
  rmm?: (installationId: string) => RmmAdapter;
  clock: () => Date;
  newId: () => string;
  /** This process's identity in run-ownership leases. */
  instanceId: string;
  log: Logger;
  /** Wakes the outbox worker after write-backs were queued. */
  onOutboxEnqueued?: () => void;
  /** Signs the approval link put in the approval note; absent: the note has no link. */
  approvalLinks?: ApprovalLinkSigner;
  /** Seals what act hands later steps when it is secret (key from the environment); absent: such remediations refuse. */
  sealer?: Sealer;
  /** One-time secret links; absent: built over `store` and `config.publicUrl` (links live in the store). */
  secretLinks?: SecretLinks;
  /** Observes every persisted transition (metrics: step latency, outcomes, gate refusals). */
  onTransition?: (o: TransitionObservation) => void;
}
