import type { ConnectWiseSimulator } from '../../mocks/connectwise/index.js';
import type { DemoWorld } from '../../mocks/demo-data.js';
import type { M365Simulator } from '../../mocks/m365/index.js';
import { SANDBOX_HALO } from '../../mocks/halopsa/sandbox.js';
import type { HaloSimulator } from '../../mocks/halopsa/index.js';
import type { AutotaskSimulator } from '../../mocks/autotask/index.js';
import { webhookPath } from '../../integrations/psa-integration.js';
import type { AppHandle } from '../runtime/start-app.js';
import type { DemoKeys } from './demo-keys.js';
import { SANDBOX_AT, SANDBOX_SECRETS, sandboxAuthorisedRequesters, type SandboxUrls } from './sandbox-config.js';
import { describeSandboxRmms, type SandboxRmms } from './sandbox-rmm.js';
import { rmmWebhookPath } from '../../integrations/rmm-integration.js';
import { demoRmmWorld } from '../../mocks/demo-data.js';

/** GET /sandbox: everything needed to drive the sandbox with the vendors' own API shapes. */
export function sandboxDescription(s: { urls: SandboxUrls; world: DemoWorld; connectwise: ConnectWiseSimulator; halopsa: HaloSimulator; autotask: AutotaskSimulator; m365: M365Simulator; rmm: SandboxRmms; app: AppHandle; demoKeys?: DemoKeys }) {
  const { urls, world, connectwise, halopsa, autotask, m365, app } = s;
  const rmmHook = (id: string) => {
    const install = app.config.rmms.find((r) => r.id === id);
    return install ? `${urls.origin}${rmmWebhookPath(install)}` : null;
  };
  return {
    connectwise: {
      baseUrl: urls.connectwise,
      headers: { ...connectwise.authHeadersAs('dispatch'), 'Content-Type': 'application/json' },
      try: `POST ${urls.connectwise}/service/tickets {"summary":"My mailbox is full","company":{"id":250},"board":{"id":1},"contactEmailAddress":"megan.bowen@contoso.example"}`,
    },
    autotask: {
      baseUrl: urls.autotask,
      // Another API user's identity: tickets created by the app's own API user fire no webhook.
      headers: { ...autotask.authHeadersAs(SANDBOX_AT.dispatcherUserName), 'Content-Type': 'application/json' },
      try: `POST ${urls.autotask}/Tickets {"companyID":250,"contactID":<from Contacts/query>,"title":"My mailbox is full","status":1,"priority":2,"queueID":<picklist>}`,
    },
    halopsa: {
      baseUrl: urls.halopsa,
      headers: { ...halopsa.authHeaders(SANDBOX_HALO.dispatcherClientId), 'Content-Type': 'application/json' },
      token: { url: `${urls.halopsaAuth}/token?tenant=${SANDBOX_HALO.tenant}`, form: { grant_type: 'client_credentials', client_id: SANDBOX_HALO.dispatcherClientId, client_secret: SANDBOX_SECRETS.SANDBOX_HALO_DISPATCHER_SECRET, scope: 'all' } },
      try: `POST ${urls.halopsa}/Tickets [{"summary":"My mailbox is full","client_id":250,"user_id":101}]`,
    },
    graph: { baseUrl: urls.graph, headers: { Authorization: 'Bearer <access_token from tokenUrl with scope https://graph.microsoft.com/.default>' } },
    exchange: {
      baseUrl: urls.exchange,
      headers: { Authorization: 'Bearer <access_token from tokenUrl with scope https://outlook.office365.com/.default>', 'Content-Type': 'application/json' },
      invokeCommand: `POST ${urls.exchange}/{tenantId}/InvokeCommand {"CmdletInput":{"CmdletName":"Get-Mailbox","Parameters":{"Identity":"megan.bowen@contoso.example"}}}`,
    },
    token: {
      tokenUrl: `${urls.authority}/{tenantId}/oauth2/v2.0/token`,
      form: { grant_type: 'client_credentials', client_id: m365ClientId(app), client_secret: SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET, scope: 'https://outlook.office365.com/.default' },
    },
    webhooks: Object.fromEntries(app.config.installations.map((i) => [i.id, `${urls.origin}${webhookPath(i)}`])),
    rmm: describeSandboxRmms(s.rmm, urls.rmm, demoRmmWorld(), rmmHook),
    admin: {
      baseUrl: `${urls.origin}/admin`,
      token: app.adminToken,
      headers: { Authorization: `Bearer ${app.adminToken}` },
      // Demo API keys, one per role (send as `Authorization: Bearer <key>`); new ones at each start.
      keys: s.demoKeys ?? {},
      openapi: `${urls.origin}/admin/openapi.json`,
    },
    demo: {
      // The same ids serve as the ConnectWise company id and the Halo client id.
      companies: world.companies.map((c) => ({ psaId: c.psaId, name: c.name, tenantId: c.tenantId, domain: c.domain, clientId: c.clientId })),
      users: world.users.map((u) => {
        const mbx = m365.mailbox(u.email);
        return { email: u.email, company: u.clientId, quotaGB: mbx?.quotaGB ?? u.quotaGB, usedGB: mbx?.usedGB ?? u.usedGB, licenceMaxGB: mbx?.licenceMaxGB ?? u.licenceMaxGB, synced: u.onPremisesSyncEnabled ?? false, directoryRoles: u.directoryRoles ?? [] };
      }),
      // Security groups (Graph, approval always) and distribution lists (Exchange, owner = ManagedBy), with live members.
      groups: (world.groups ?? []).map((g) => ({ company: g.clientId, kind: g.kind, name: g.displayName, mail: g.mail ?? null, owners: g.owners, members: m365.groupMembers(world.companies.find((c) => c.clientId === g.clientId)!.tenantId, g.displayName) })),
      policy: { mailboxQuota: world.policy.mailboxQuota },
      // File a ticket as one of these contacts to reset a password or change a list for someone else.
      authorisedRequesters: sandboxAuthorisedRequesters(app.config),
    },
  };
}

const m365ClientId = (app: AppHandle) => app.config.m365?.appClientId ?? null;
