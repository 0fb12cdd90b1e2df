import type { PsaIntegration, PsaRuntimeOptions } from '../psa-integration.js';
import { haloDoctor } from './doctor.js';
import { createHaloClient, type HaloClient, type HaloClientOptions } from './halo-client.js';
import { HaloPsaAdapter } from './halo-psa-adapter.js';
import type { HaloInstallation } from './installation-schema.js';
import { listChangedTickets } from './list-changed-tickets.js';
import type { HaloTokenSource } from './token-source.js';
import { createHaloWebhookHandler } from './webhook-handler.js';
import { installHaloWebhook, uninstallHaloWebhook } from './webhook-registration.js';

// One token per installation and environment in this process: the adapter, the reconcile job,
// install and doctor all reuse it instead of asking the authorisation server each time.
const sharedTokens = new WeakMap<HaloInstallation, WeakMap<object, HaloTokenSource>>();

function clientFor(installation: HaloInstallation, o: PsaRuntimeOptions, extra: HaloClientOptions = {}): HaloClient {
  let byEnv = sharedTokens.get(installation);
  if (!byEnv) {
    byEnv = new WeakMap();
    sharedTokens.set(installation, byEnv);
  }
  const tokens = byEnv.get(o.env);
  const client = createHaloClient(installation, { env: o.env, onAttempt: o.onAttempt, timeoutMs: o.timeoutMs, tokens, ...extra });
  if (!tokens) byEnv.set(o.env, client.tokens);
  return client;
}

function webhookPassword(installation: HaloInstallation, o: PsaRuntimeOptions): string {
  const name = installation.halopsa.webhookPasswordEnv;
  const value = o.env[name];
  if (!value) throw new Error(`installation '${installation.id}': environment variable ${name} (the webhook's Basic password) is not set`);
  return value;
}

/** HaloPSA as the app sees it: adapter, Basic-auth webhook route, webhook + notification registration. */
export const haloIntegration: PsaIntegration<HaloInstallation> = {
  psa: 'halopsa',
  createAdapter: (installation, o) => new HaloPsaAdapter({ installation, client: clientFor(installation, o) }),
  createWebhookHandler: (installation, o) => createHaloWebhookHandler({ installation, intake: o.intake, env: o.env, logger: o.log }),
  async install(installation, webhookUrl, o) {
    const halo = installation.halopsa;
    const r = await installHaloWebhook({
      client: clientFor(installation, o),
      webhookUrl,
      username: halo.webhookUsername,
      password: webhookPassword(installation, o),
      events: halo.events,
      kv: o.kv,
      installationId: installation.id,
    });
    const state = r.created ? 'registered' : r.repaired ? 'repaired' : 'already registered';
    const linked = r.linked.length > 0 ? `; linked events ${r.linked.join(', ')}` : '';
    return { created: r.created, detail: `webhook ${r.webhookId} ${state} for ${webhookUrl}${linked}` };
  },
  uninstall: (installation, webhookUrl, o) => uninstallHaloWebhook({ client: clientFor(installation, o), webhookUrl, kv: o.kv, installationId: installation.id }),
  listChangedTickets: (installation, since, o) => listChangedTickets(clientFor(installation, o), since),
  doctor: (installation, webhookUrl, o) => haloDoctor(clientFor(installation, o, { maxRetries: 1 }), installation, webhookUrl),
};
