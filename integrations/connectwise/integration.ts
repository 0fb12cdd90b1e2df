import type { ConnectWiseInstallation } from '../../src/config/schema.js';
import type { PsaIntegration } from '../psa-integration.js';
import { installConnectWiseCallback, uninstallConnectWiseCallback } from './callback-registration.js';
import { createConnectWiseClient } from './connectwise-client.js';
import { ConnectWisePsaAdapter } from './connectwise-psa-adapter.js';
import { createConnectWiseWebhookHandler } from './webhook-handler.js';
import { connectWiseDoctor } from './doctor.js';
import { listChangedTickets } from './list-changed-tickets.js';

/** ConnectWise PSA as the app sees it: adapter, signed-callback route, callback registration. */
export const connectwiseIntegration: PsaIntegration<ConnectWiseInstallation> = {
  psa: 'connectwise',
  createAdapter: (installation, o) => new ConnectWisePsaAdapter({ installation, clientOptions: { env: o.env, onAttempt: o.onAttempt, timeoutMs: o.timeoutMs } }),
  createWebhookHandler: (installation, o) => createConnectWiseWebhookHandler({ installation, intake: o.intake, logger: o.log }),
  async install(installation, webhookUrl, o) {
    const r = await installConnectWiseCallback({ client: createConnectWiseClient(installation, { env: o.env }), callbackUrl: webhookUrl });
    return { created: r.created, detail: `ticket callback ${r.id} ${r.created ? 'registered' : r.repaired ? 'repaired' : 'already registered'} for ${webhookUrl}` };
  },
  uninstall: (installation, webhookUrl, o) => uninstallConnectWiseCallback({ client: createConnectWiseClient(installation, { env: o.env }), callbackUrl: webhookUrl }),
  listChangedTickets: (installation, since, o) => listChangedTickets(createConnectWiseClient(installation, { env: o.env, onAttempt: o.onAttempt }), since),
  doctor: (installation, webhookUrl, o) => connectWiseDoctor(createConnectWiseClient(installation, { env: o.env, maxRetries: 1 }), installation, webhookUrl),
};
