import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { PsaIntegration, PsaRuntimeOptions } from '../psa-integration.js';
import { AUTOTASK_SYSTEM, createAutotaskClient } from './autotask-client.js';
import { AutotaskPsaAdapter } from './autotask-psa-adapter.js';
import { autotaskDoctor } from './doctor.js';
import type { AutotaskInstallation } from './installation-schema.js';
import { listChangedTickets } from './list-changed-tickets.js';
import { createAutotaskWebhookHandler } from './webhook-handler.js';
import { installAutotaskWebhook, uninstallAutotaskWebhook } from './webhook-registration.js';

const clientFor = (installation: AutotaskInstallation, o: PsaRuntimeOptions) => createAutotaskClient(installation, { env: o.env, onAttempt: o.onAttempt });

/** Autotask's secretKey is at most 64 characters; its help recommends at least 10. */
function webhookSecret(installation: AutotaskInstallation, env: PsaRuntimeOptions['env']): string {
  const name = installation.autotask.webhookSecretEnv;
  const value = env[name];
  if (!value || value.length < 10 || value.length > 64) {
    throw new OutsideApiError(AUTOTASK_SYSTEM, 'install', null, `environment variable ${name} must hold the webhook secret (10 to 64 characters)`, false);
  }
  return value;
}

/**
 * Autotask as the app sees it: adapter, signed-webhook route (deliveries and deactivation
 * notices on the same URL; the deactivation URL adds `?event=deactivated`), TicketWebhook
 * registration, the reconcile query and the doctor.
 */
export const autotaskIntegration: PsaIntegration<AutotaskInstallation> = {
  psa: 'autotask',
  createAdapter: (installation, o) => new AutotaskPsaAdapter({ installation, clientOptions: { env: o.env, onAttempt: o.onAttempt } }),
  createWebhookHandler: (installation, o) => createAutotaskWebhookHandler({ installation, intake: o.intake, kv: o.kv, env: o.env, logger: o.log }),
  async install(installation, webhookUrl, o) {
    const r = await installAutotaskWebhook({ client: clientFor(installation, o), installation, webhookUrl, secret: webhookSecret(installation, o.env), kv: o.kv });
    const parts = [
      `TicketWebhook ${r.webhookId} ${r.created ? 'registered' : 'already registered (settings and secret re-applied)'} for ${webhookUrl}`,
      r.isReady ? 'ready' : 'NOT ready (no fields)',
      r.fieldsAdded.length ? `fields added: ${r.fieldsAdded.join(', ')}` : 'fields already present',
      ...(r.fieldsSkipped.length ? [`not webhook-capable here: ${r.fieldsSkipped.join(', ')}`] : []),
      `resources ${r.excludedResourceIds.join(', ')} excluded (API user ${r.excludedResourceId} and the impersonation resource): our own writes never come back`,
      ...(r.duplicatesRemoved ? [`${r.duplicatesRemoved} duplicate webhook(s) removed`] : []),
    ];
    return { created: r.created, detail: parts.join('; ') };
  },
  uninstall: (installation, webhookUrl, o) => uninstallAutotaskWebhook({ client: clientFor(installation, o), installationId: installation.id, webhookUrl, kv: o.kv }),
  listChangedTickets: (installation, since, o) => listChangedTickets(clientFor(installation, o), since),
  doctor: (installation, webhookUrl, o) => autotaskDoctor({ client: clientFor(installation, o), installation, webhookUrl, kv: o.kv }),
};
