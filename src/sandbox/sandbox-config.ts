import { demoRmmWorld, type DemoWorld } from '../../mocks/demo-data.js';
import { sandboxM365Urls, type M365SimUrls } from '../../mocks/m365/index.js';
import { SANDBOX_HALO, sandboxHaloUrls } from '../../mocks/halopsa/sandbox.js';
import type { AppConfig, AppConfigInput } from '../config/schema.js';
import { SANDBOX_DATA_DIR } from './sandbox-data-dir.js';
import { sandboxAlertRemediations, sandboxUnmappedRmmDevices } from './sandbox-alert-loop.js';
import { SANDBOX_RMM_SECRETS, sandboxRmmInstallations, sandboxRmmMapping, sandboxRmmUrls, type SandboxRmmUrls } from './sandbox-rmm.js';

/**
 * Credentials of the sandbox's simulated systems. They unlock nothing outside this process,
 * so they are fixed; a real install reads its secrets from the environment instead.
 */
export const SANDBOX_SECRETS = {
  SANDBOX_CW_PUBLIC_KEY: 'sandbox-public-key',
  SANDBOX_CW_PRIVATE_KEY: 'sandbox-private-key',
  SANDBOX_M365_CLIENT_SECRET: 'sim-only-m365-client-secret',
  SANDBOX_HALO_CLIENT_SECRET: 'sandbox-halo-client-secret',
  SANDBOX_HALO_WEBHOOK_PASSWORD: 'sandbox-halo-webhook-password',
  SANDBOX_HALO_DISPATCHER_SECRET: 'sandbox-halo-dispatcher-secret',
  SANDBOX_AT_SECRET: 'sandbox-autotask-secret',
  SANDBOX_AT_WEBHOOK_SECRET: 'sandbox-autotask-webhook-secret',
  SANDBOX_AT_DISPATCHER_SECRET: 'sandbox-autotask-dispatcher-secret',
  ...SANDBOX_RMM_SECRETS,
} as const;

/** The sandbox's Autotask API user (the secret is in SANDBOX_SECRETS) and its resources. */
export const SANDBOX_AT = {
  userName: 'ticketfix-api@sandboxmsp.example',
  integrationCode: 'TFXSANDBOXTRACKINGID0001',
  apiResourceId: 29682884,
  technicianResourceId: 29682886,
  dispatcherResourceId: 29682885,
  /** The API user of the person driving the sandbox (another integration, as far as we know). */
  dispatcherUserName: 'dispatch-api@sandboxmsp.example',
} as const;

/** A technician's own API keys in the simulated ConnectWise: what /sandbox hands to people driving it. */
export const SANDBOX_DISPATCHER = { identifier: 'dispatch', publicKey: 'dispatch-public-key', privateKey: 'dispatch-private-key' } as const;

export const SANDBOX_CW = { companyId: 'sandboxmsp', clientId: '8c6f0f57-6b9c-4f1a-9a11-2f1a7ad0c0de', memberIdentifier: 'ticketfix' } as const;

export interface SandboxUrls extends M365SimUrls {
  origin: string;
  connectwise: string;
  halopsa: string;
  halopsaAuth: string;
  autotask: string;
  rmm: SandboxRmmUrls;
}

// Re-exported: tests and the sandbox read it from here.
export { SANDBOX_DATA_DIR };

export function sandboxUrls(origin: string): SandboxUrls {
  return {
    origin,
    connectwise: `${origin}/sim/connectwise/v4_6_release/apis/3.0`,
    autotask: `${origin}/sim/autotask/ATServicesRest/V1.0`,
    ...sandboxHaloUrls(origin),
    ...sandboxM365Urls(origin),
    rmm: sandboxRmmUrls(origin),
  };
}


/** The embedded default: one install per PSA and the demo clients, all on the simulators. */
export function sandboxConfig(port: number, urls: SandboxUrls, world: DemoWorld, m365AppClientId: string, only?: readonly string[]): AppConfigInput {
  const config = fullSandboxConfig(port, urls, world, m365AppClientId);
  if (!only) return config;
  // A subset of the PSAs (tests that serve only some simulators).
  const keep = new Set(config.installations.filter((i) => only.includes(i.psa)).map((i) => i.id));
  return {
    ...config,
    installations: config.installations.filter((i) => keep.has(i.id)),
    clients: config.clients.map((c) => ({ ...c, psa: (c.psa as { installationId: string; companyIds: string[] }[]).filter((m) => keep.has(m.installationId)) })),
  };
}

function fullSandboxConfig(port: number, urls: SandboxUrls, world: DemoWorld, m365AppClientId: string): AppConfigInput {
  return {
    port,
    publicUrl: urls.origin,
    // Its own folder, never a real install's default ./data (startSandbox may name another).
    dataDir: SANDBOX_DATA_DIR,
    installations: [
      {
        id: 'sandbox-cw',
        psa: 'connectwise',
        connectwise: {
          baseUrl: urls.connectwise,
          companyId: SANDBOX_CW.companyId,
          clientId: SANDBOX_CW.clientId,
          publicKeyEnv: 'SANDBOX_CW_PUBLIC_KEY',
          privateKeyEnv: 'SANDBOX_CW_PRIVATE_KEY',
          memberIdentifier: SANDBOX_CW.memberIdentifier,
          keyHosts: [],
        },
      },
      {
        id: 'sandbox-halo',
        psa: 'halopsa',
        halopsa: {
          baseUrl: urls.halopsa,
          tenant: SANDBOX_HALO.tenant,
          clientId: SANDBOX_HALO.clientId,
          clientSecretEnv: 'SANDBOX_HALO_CLIENT_SECRET',
          webhookPasswordEnv: 'SANDBOX_HALO_WEBHOOK_PASSWORD',
          // The sandbox is driven by hand and by tests: no need to ration requests like a real tenant.
          rateLimit: { requestsPerSecond: 200, burst: 50 },
        },
      },
      {
        id: 'sandbox-at',
        psa: 'autotask',
        autotask: {
          zoneLookupUrl: `${urls.autotask}/ZoneInformation`,
          apiUserName: SANDBOX_AT.userName,
          apiIntegrationCode: SANDBOX_AT.integrationCode,
          secretEnv: 'SANDBOX_AT_SECRET',
          impersonationResourceId: SANDBOX_AT.technicianResourceId,
          apiResourceId: SANDBOX_AT.apiResourceId,
          webhookSecretEnv: 'SANDBOX_AT_WEBHOOK_SECRET',
        },
      },
    ],
    rmms: sandboxRmmInstallations(urls.rmm),
    unmappedRmmDevices: sandboxUnmappedRmmDevices(sandboxRmmInstallations(urls.rmm).map((r) => r.id)),
    m365: { appClientId: m365AppClientId, clientSecretEnv: 'SANDBOX_M365_CLIENT_SECRET', authorityHost: urls.authority, graphBaseUrl: urls.graph, exchangeBaseUrl: urls.exchange },
    remediations: { 'mailbox-quota': { settings: { ...world.policy.mailboxQuota } } },
    clients: world.companies.map((c) => ({
      id: c.clientId,
      name: c.name,
      psa: [
        { installationId: 'sandbox-cw', companyIds: [String(c.psaId)] },
        { installationId: 'sandbox-halo', companyIds: [String(c.psaId)] },
        { installationId: 'sandbox-at', companyIds: [String(c.psaId)] },
      ],
      m365: { tenantId: c.tenantId, domains: [c.domain] },
      rmm: sandboxRmmMapping(c.clientId, demoRmmWorld()),
      remediations: { ...sandboxAlertRemediations(c.clientId), ...onBehalfPolicies(c.domain) },
    })),
  };
}

/**
 * Each demo client's IT contact (a PSA contact, not an M365 user): an authorised requester for
 * resets and list changes on someone else's behalf, so that path can be tried in the sandbox.
 */
export const sandboxItContact = (domain: string): string => `it.contact@${domain}`;
const ON_BEHALF = ['password-reset', 'distribution-list'] as const;
const onBehalfPolicies = (domain: string) => Object.fromEntries(ON_BEHALF.map((id) => [id, { settings: { authorisedRequesters: [sandboxItContact(domain)] } }]));

/** GET /sandbox: who may ask on someone else's behalf, per client, as configured. */
export function sandboxAuthorisedRequesters(config: AppConfig): { company: string; remediation: string; requesters: string[] }[] {
  return config.clients.flatMap((c) =>
    ON_BEHALF.map((id) => {
      const listed = c.remediations[id]?.settings?.authorisedRequesters;
      return { company: c.id, remediation: id, requesters: Array.isArray(listed) ? listed.map(String) : [] };
    }),
  );
}
