import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { psaIntegrationFor } from '../../integrations/index.js';
import { rmmIntegrationFor } from '../../integrations/rmm-index.js';
import type { RmmAdapter } from '../model/rmm.js';
import { createM365Factory } from '../../integrations/m365/index.js';
import type { Env } from '../../integrations/psa-integration.js';
import { remediations as allRemediations } from '../../remediations/index.js';
import type { AppConfig } from '../config/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import type { HttpClientOptions } from '../http/http-client.js';
import type { PsaAdapter } from '../model/psa.js';
import type { RemediationDefinition } from '../remediation/define.js';
import type { Store } from '../store/store.js';
import { sealerFromEnv } from '../secret-link/run-sealer.js';

/** Builds the engine's dependencies from config: one PSA adapter per installation, one M365 factory. */
export function createEngineDeps(
  config: AppConfig,
  o: { env: Env; log: Logger; store: Store; clock?: () => Date; onAttempt?: HttpClientOptions['onAttempt']; remediations?: readonly RemediationDefinition<never, never>[]; outsideTimeoutMs?: number },
): EngineDeps {
  const runtime = { env: o.env, log: o.log, onAttempt: o.onAttempt, kv: o.store, timeoutMs: o.outsideTimeoutMs };
  const adapters = new Map<string, PsaAdapter>(config.installations.map((i) => [i.id, psaIntegrationFor(i).createAdapter(i, runtime)]));
  // One adapter per RMM installation, built on first use (an RMM with no traffic costs nothing).
  const rmmAdapters = new Map<string, RmmAdapter>();
  const rmm = (id: string): RmmAdapter => {
    const known = rmmAdapters.get(id);
    if (known) return known;
    const install = config.rmms.find((r) => r.id === id);
    if (!install) throw new Error(`unknown RMM installation '${id}'`);
    const adapter = rmmIntegrationFor(install).createAdapter(install, { env: o.env, log: o.log, onAttempt: o.onAttempt, timeoutMs: o.outsideTimeoutMs });
    rmmAdapters.set(id, adapter);
    return adapter;
  };
  return {
    store: o.store,
    rmm,
    config,
    remediations: o.remediations ?? allRemediations,
    psa: (id) => {
      const a = adapters.get(id);
      if (!a) throw new Error(`unknown installation '${id}'`);
      return a;
    },
    m365: config.m365 ? createM365Factory(config.m365, o.env, { onAttempt: o.onAttempt, timeoutMs: o.outsideTimeoutMs }) : undefined,
    clock: o.clock ?? (() => new Date()),
    newId: randomUUID,
    instanceId: `instance-${randomUUID()}`,
    log: o.log,
    sealer: sealerFromEnv(o.env, config),
  };
}
