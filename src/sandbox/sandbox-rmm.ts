import type { HttpHandler } from 'msw';
import { TACTICAL_FAILURE_BODY, TACTICAL_RESOLVED_BODY, tacticalRestHeaders } from '../../integrations/tactical/alert-template.js';
import { rmmWebhookPath } from '../../integrations/rmm-integration.js';
import { DEMO_KIOSK_SERVICE, type DemoRmmWorld } from '../../mocks/demo-data.js';
import { createTacticalSimulator, TACTICAL_SIM_SOFTWARE_REQUEST_CHECK, TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID, type TacticalSimulator } from '../../mocks/tactical/index.js';
import { createNinjaOneSimulator, ninjaConditionUid, type NinjaOneSimulator } from '../../mocks/ninjaone/index.js';
import { createDattoSimulator, DATTO_SIM_COMPONENTS, type DattoSimulator } from '../../mocks/datto/index.js';
import { DATTO_SECRET_HEADER, dattoWebhookPayload } from '../../integrations/datto/webhook-template.js';
import type { RmmInstallation } from '../config/schema.js';
import type { RmmMapping } from '../model/client.js';

/**
 * The sandbox's RMMs: simulators served under /sim/<rmm> on the app's own port, installed in the
 * app, with their alert webhooks pointing at the app's /webhooks/rmm/... routes. Credentials
 * unlock nothing outside this process, so they are fixed.
 */
export const SANDBOX_RMM_SECRETS = {
  SANDBOX_TACTICAL_API_KEY: 'sandbox-tactical-api-key',
  SANDBOX_TACTICAL_WEBHOOK_SECRET: 'sandbox-tactical-webhook-secret',
  SANDBOX_NINJA_CLIENT_SECRET: 'sandbox-ninja-client-secret',
  SANDBOX_NINJA_WEBHOOK_SECRET: 'sandbox-ninja-webhook-secret',
  SANDBOX_DATTO_API_KEY: 'SANDBOXDATTOAPIKEY',
  SANDBOX_DATTO_API_SECRET: 'sandbox-datto-api-secret',
  SANDBOX_DATTO_WEBHOOK_SECRET: 'sandbox-datto-webhook-secret',
  SANDBOX_GENERIC_SECRET: 'sandbox-generic-callback-secret',
} as const;

export const SANDBOX_NINJA_CLIENT_ID = 'sandbox-ninja-client';
const SERVICES_WATCHED = ['Spooler', 'W32Time', 'ContosoLOB', 'FabrikamSync', DEMO_KIOSK_SERVICE];

export const SANDBOX_RMM_IDS = { tactical: 'sandbox-tactical', ninjaone: 'sandbox-ninja', datto: 'sandbox-datto', generic: 'sandbox-generic' } as const;
/** The organisation every generic callback of the sandbox belongs to (mapped to Contoso). */
export const SANDBOX_GENERIC_ORG = 'contoso-scripts';

export interface SandboxRmmUrls {
  tactical: string;
  ninjaone: string;
  datto: string;
}

export const sandboxRmmUrls = (origin: string): SandboxRmmUrls => ({ tactical: `${origin}/sim/tactical/api`, ninjaone: `${origin}/sim/ninjaone`, datto: `${origin}/sim/datto` });

/** The RMM installations of the sandbox config (parsed by AppConfig later). */
export function sandboxRmmInstallations(urls: SandboxRmmUrls): RmmInstallation[] {
  return [
    {
      id: SANDBOX_RMM_IDS.tactical,
      rmm: 'tactical',
      tactical: { apiUrl: urls.tactical, apiKeyEnv: 'SANDBOX_TACTICAL_API_KEY', webhookSecretEnv: 'SANDBOX_TACTICAL_WEBHOOK_SECRET', chocoUninstallScriptId: 41, softwareRequestScriptId: TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID, jobPollMs: 200, jobTimeoutMs: 60_000 },
    },
    {
      id: SANDBOX_RMM_IDS.ninjaone,
      rmm: 'ninjaone',
      ninjaone: {
        baseUrl: urls.ninjaone,
        clientId: SANDBOX_NINJA_CLIENT_ID,
        clientSecretEnv: 'SANDBOX_NINJA_CLIENT_SECRET',
        scope: 'monitoring management control',
        webhookHeaderName: 'X-Ticketfix-Secret',
        webhookSecretEnv: 'SANDBOX_NINJA_WEBHOOK_SECRET',
        scripts: { chocoInstall: 301, chocoUninstall: 302 },
        conditions: SERVICES_WATCHED.map((s) => ({ uid: ninjaConditionUid(s), category: 'service_stopped' as const, serviceName: s })),
        jobPollMs: 200,
        jobTimeoutMs: 60_000,
      },
    },
    {
      id: SANDBOX_RMM_IDS.datto,
      rmm: 'datto',
      datto: {
        apiUrl: urls.datto,
        apiKeyEnv: 'SANDBOX_DATTO_API_KEY',
        apiSecretEnv: 'SANDBOX_DATTO_API_SECRET',
        webhookSecretEnv: 'SANDBOX_DATTO_WEBHOOK_SECRET',
        components: { ...DATTO_SIM_COMPONENTS },
        requestsPerMinute: 300,
        jobPollMs: 200,
        jobTimeoutMs: 60_000,
      },
    },
    { id: SANDBOX_RMM_IDS.generic, rmm: 'generic', generic: { secretEnv: 'SANDBOX_GENERIC_SECRET', organisationId: SANDBOX_GENERIC_ORG, toleranceSeconds: 300 } },
  ];
}

/** A client's trusted RMM mappings in the sandbox: its organisation in each simulated RMM. */
export function sandboxRmmMapping(clientId: string, world: DemoRmmWorld): RmmMapping[] | undefined {
  const org = world.organisations.find((o) => o.clientId === clientId);
  if (!org) return undefined;
  return [
    // Tactical answers an agent's client by name (agents/serializers.py): clients map by that name.
    { installationId: SANDBOX_RMM_IDS.tactical, organisationIds: [org.name] },
    { installationId: SANDBOX_RMM_IDS.ninjaone, organisationIds: [String(org.ninjaone.organizationId)] },
    { installationId: SANDBOX_RMM_IDS.datto, organisationIds: [org.datto.siteUid] },
    ...(clientId === 'contoso' ? [{ installationId: SANDBOX_RMM_IDS.generic, organisationIds: [SANDBOX_GENERIC_ORG] }] : []),
  ];
}

export interface SandboxRmms {
  tactical: TacticalSimulator;
  ninjaone: NinjaOneSimulator;
  datto: DattoSimulator;
  handlers: HttpHandler[];
}

export function createSandboxRmms(origin: string, urls: SandboxRmmUrls, world: DemoRmmWorld, installs: RmmInstallation[]): SandboxRmms {
  const hook = (id: string) => {
    const install = installs.find((i) => i.id === id);
    return install ? `${origin}${rmmWebhookPath(install)}` : null;
  };
  const tacticalHook = hook(SANDBOX_RMM_IDS.tactical);
  const tactical = createTacticalSimulator({
    baseUrl: urls.tactical,
    apiKey: SANDBOX_RMM_SECRETS.SANDBOX_TACTICAL_API_KEY,
    world,
    // What the MSP pastes into the alert template (integrations/tactical/alert-template.ts).
    alertActions: tacticalHook ? { url: tacticalHook, headers: tacticalRestHeaders(SANDBOX_RMM_SECRETS.SANDBOX_TACTICAL_WEBHOOK_SECRET), failureBody: TACTICAL_FAILURE_BODY, resolvedBody: TACTICAL_RESOLVED_BODY } : null,
  });
  const ninjaHook = hook(SANDBOX_RMM_IDS.ninjaone);
  const ninjaone = createNinjaOneSimulator({
    baseUrl: urls.ninjaone,
    clientId: SANDBOX_NINJA_CLIENT_ID,
    clientSecret: SANDBOX_RMM_SECRETS.SANDBOX_NINJA_CLIENT_SECRET,
    world,
    // What PUT /v2/webhook would register: the app's route and the secret header.
    webhook: ninjaHook ? { url: ninjaHook, headers: [{ name: 'X-Ticketfix-Secret', value: SANDBOX_RMM_SECRETS.SANDBOX_NINJA_WEBHOOK_SECRET }] } : null,
  });
  const dattoHook = hook(SANDBOX_RMM_IDS.datto);
  const datto = createDattoSimulator({
    baseUrl: urls.datto,
    apiKey: SANDBOX_RMM_SECRETS.SANDBOX_DATTO_API_KEY,
    apiSecret: SANDBOX_RMM_SECRETS.SANDBOX_DATTO_API_SECRET,
    world,
    // One service monitor per watched service, each with the webhook response the MSP pastes.
    monitorWebhooks: dattoHook
      ? Object.fromEntries(
          SERVICES_WATCHED.map((s) => [
            s,
            { url: dattoHook, headers: { [DATTO_SECRET_HEADER]: SANDBOX_RMM_SECRETS.SANDBOX_DATTO_WEBHOOK_SECRET }, triggeredBody: dattoWebhookPayload('triggered', { category: 'service_stopped', serviceName: s }), resolvedBody: dattoWebhookPayload('resolved', { category: 'service_stopped', serviceName: s }) },
          ]),
        )
      : {},
  });
  return { tactical, ninjaone, datto, handlers: [...tactical.handlers, ...ninjaone.handlers, ...datto.handlers] };
}

/** GET /sandbox's `rmm` section: where each simulated RMM is, how to call it, its demo devices. */
export function describeSandboxRmms(rmms: SandboxRmms, urls: SandboxRmmUrls, world: DemoRmmWorld, webhookUrl: (installationId: string) => string | null) {
  const clientOf = (clientId: string | null) => clientId ?? '(not mapped to any client)';
  return {
    tactical: {
      baseUrl: urls.tactical,
      headers: { ...rmms.tactical.authHeaders(), 'Content-Type': 'application/json' },
      webhook: webhookUrl(SANDBOX_RMM_IDS.tactical),
      try: `POST ${urls.tactical}/services/<agent_id>/Spooler/ {"sv_action":"stop"} (the service check fails and the alert template posts to the webhook; "start" resolves it)`,
      trySoftwareRequest: `PUT ${urls.tactical}/agents/<agent_id>/ {"custom_fields":[{"field":7,"string_value":"Notepad++"}]} (the self-service "${TACTICAL_SIM_SOFTWARE_REQUEST_CHECK}" script check fails with the request as its output, which the app reads from the agent; "" clears it)`,
      devices: rmms.tactical.agents.map((a) => ({
        agentId: a.agentId,
        hostname: a.device.hostname,
        client: clientOf(a.device.clientId),
        tacticalClientId: a.clientId,
        site: a.siteName,
        services: a.device.services.map((s) => ({ name: s.name, displayName: s.displayName, status: s.status })),
        software: a.device.software.map((s) => s.name),
      })),
      chocoPackages: world.chocoCatalogue.map((c) => c.id),
    },
    ninjaone: {
      baseUrl: `${urls.ninjaone}/v2`,
      token: { url: `${urls.ninjaone}/ws/oauth/token`, form: { grant_type: 'client_credentials', client_id: SANDBOX_NINJA_CLIENT_ID, client_secret: SANDBOX_RMM_SECRETS.SANDBOX_NINJA_CLIENT_SECRET, scope: 'monitoring management control' } },
      headers: { Authorization: 'Bearer <access_token from token.url>', 'Content-Type': 'application/json' },
      webhook: webhookUrl(SANDBOX_RMM_IDS.ninjaone),
      try: `POST ${urls.ninjaone}/v2/device/<id>/windows-service/Spooler/control {"action":"STOP"} (204; the condition triggers and the activity is posted to the webhook; "START" resets it)`,
      devices: rmms.ninjaone.devices.map((d) => ({
        id: d.id,
        hostname: d.device.hostname,
        client: clientOf(d.device.clientId),
        organizationId: d.organizationId,
        services: d.device.services.map((s) => ({ name: s.name, displayName: s.displayName, status: s.status })),
        software: d.device.software.map((s) => s.name),
      })),
      scripts: rmms.ninjaone.scripts.map((x) => ({ id: x.id, name: x.name })),
    },
    datto: {
      baseUrl: `${urls.datto}/api/v2`,
      token: { url: `${urls.datto}/auth/oauth/token`, basicAuth: 'public-client:public', form: { grant_type: 'password', username: SANDBOX_RMM_SECRETS.SANDBOX_DATTO_API_KEY, password: SANDBOX_RMM_SECRETS.SANDBOX_DATTO_API_SECRET } },
      headers: { Authorization: 'Bearer <access_token from token.url>', 'Content-Type': 'application/json' },
      rateLimit: '600 requests per rolling 60 s for the whole account (429, then a temporary 403)',
      webhook: webhookUrl(SANDBOX_RMM_IDS.datto),
      try: `PUT ${urls.datto}/api/v2/device/<uid>/quickjob {"jobName":"stop","jobComponent":{"componentUid":"${DATTO_SIM_COMPONENTS.serviceStop}","variables":[{"name":"serviceName","value":"Spooler"}]}} (the Spooler monitor fires its webhook; the restart component resolves it)`,
      components: rmms.datto.components.map((c) => ({ uid: c.uid, name: c.name })),
      devices: rmms.datto.devices.map((d) => ({
        uid: d.uid,
        id: d.id,
        hostname: d.device.hostname,
        client: clientOf(d.device.clientId),
        siteUid: d.siteUid,
        services: d.device.services.map((s) => ({ name: s.name, displayName: s.displayName, status: s.status })),
        software: d.device.software.map((s) => s.name),
      })),
    },
    generic: {
      webhook: webhookUrl(SANDBOX_RMM_IDS.generic),
      organisation: `${SANDBOX_GENERIC_ORG} (Contoso)`,
      secret: SANDBOX_RMM_SECRETS.SANDBOX_GENERIC_SECRET,
      docs: 'docs/generic-rmm-callback.md (X-Ticketfix-Timestamp + X-Ticketfix-Signature: sha256=HMAC(secret, "<timestamp>.<raw body>"))',
    },
  };
}
