import { z } from 'zod';
import { NotesConfig } from '../notes/notes-config.js';
import { Client, RemediationPolicy, UnmappedDeviceTickets } from '../model/client.js';
import { AutotaskInstallation } from '../../integrations/autotask/installation-schema.js';
import { HaloInstallation } from '../../integrations/halopsa/installation-schema.js';
import { TacticalInstallation } from '../../integrations/tactical/installation-schema.js';
import { NinjaOneInstallation } from '../../integrations/ninjaone/installation-schema.js';
import { DattoInstallation } from '../../integrations/datto/installation-schema.js';
import { GenericRmmInstallation } from '../../integrations/generic-rmm/installation-schema.js';
import { envName, installationId, StatusNamesSchema } from './common-schemas.js';

export { StatusNamesSchema };

type PolicyShape = typeof RemediationPolicy.shape;
/**
 * Part of a remediation policy, as the config file and run-time overrides write it: the same
 * validators as RemediationPolicy but no defaults. (zod 4 fills defaults inside `.partial()`, so a
 * partial policy naming one field would otherwise carry every default and reset what it is laid over.)
 */
export const RemediationPolicyPatch = z.object(
  Object.fromEntries(Object.entries(RemediationPolicy.shape).map(([k, s]) => [k, (s instanceof z.ZodDefault ? s.unwrap() : s).optional()])) as {
    [K in keyof PolicyShape]: z.ZodOptional<PolicyShape[K] extends z.ZodDefault<infer T> ? T : PolicyShape[K]>;
  },
);
export type RemediationPolicyPatch = z.infer<typeof RemediationPolicyPatch>;

/** Failed sign-ins per source address before the admin API and /metrics answer 429 for a while. */
export const AuthThrottleConfig = z.object({
  maxFailures: z.number().int().min(1).default(10),
  windowSeconds: z.number().int().min(1).default(300),
  /** The most addresses remembered at once (oldest forgotten first), so a flood of addresses cannot exhaust memory. */
  maxAddresses: z.number().int().min(100).default(10_000),
  /**
   * Loopback callers are not throttled: they are on this host already, and behind a local reverse
   * proxy every caller shares the loopback address, so one guesser would lock every operator out.
   */
  exemptLoopback: z.boolean().default(true),
});
export type AuthThrottleConfig = z.infer<typeof AuthThrottleConfig>;

export const ConnectWiseInstallation = z.object({
  id: installationId,
  psa: z.literal('connectwise'),
  connectwise: z.object({
    /** e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 */
    baseUrl: z.string().url().refine((u) => /\/apis\/3\.0\/?$/.test(u), 'must end in /apis/3.0'),
    companyId: z.string().min(1),
    /** The integration's ConnectWise clientId (a GUID issued to the vendor; not a secret). */
    clientId: z.string().min(1),
    publicKeyEnv: envName,
    privateKeyEnv: envName,
    /** The API member notes and time entries are attributed to. */
    memberIdentifier: z.string().min(1),
    /** Extra hosts allowed to serve callback signing keys, besides *.myconnectwise.net and the baseUrl host. */
    keyHosts: z.array(z.string()).default([]),
  }),
  statuses: StatusNamesSchema,
});
export type ConnectWiseInstallation = z.infer<typeof ConnectWiseInstallation>;

/** One MSP's PSA installation. */
export const Installation = z.discriminatedUnion('psa', [ConnectWiseInstallation, AutotaskInstallation, HaloInstallation]);
export type { AutotaskInstallation, HaloInstallation };
export type Installation = z.infer<typeof Installation>;

/** One MSP's RMM (alerts in, actions out). Secrets are env var names. */
export const RmmInstallation = z.discriminatedUnion('rmm', [TacticalInstallation, NinjaOneInstallation, DattoInstallation, GenericRmmInstallation]);
export type { TacticalInstallation, NinjaOneInstallation, DattoInstallation, GenericRmmInstallation };
export type RmmInstallation = z.infer<typeof RmmInstallation>;

export const M365Config = z.object({
  /** The MSP's multi-tenant app registration (consented in each customer tenant). */
  appClientId: z.string().min(1),
  clientSecretEnv: envName,
  authorityHost: z.string().url().default('https://login.microsoftonline.com'),
  graphBaseUrl: z.string().url().default('https://graph.microsoft.com/v1.0'),
  exchangeBaseUrl: z.string().url().default('https://outlook.office365.com/adminapi/beta'),
});
export type M365Config = z.infer<typeof M365Config>;

export const AppConfig = z
  .object({
    port: z.number().int().min(0).max(65535).default(3000),
    /** Interface to listen on: loopback by default; 0.0.0.0 to take callbacks from a PSA. */
    host: z.string().default('127.0.0.1'),
    /** Where PSAs reach this app (callback URLs are built from it). */
    publicUrl: z.string().url().default('http://127.0.0.1:3000'),
    dataDir: z.string().default('./data'),
    adminTokenEnv: envName.default('TICKETFIX_ADMIN_TOKEN'),
    /** Signs the approval links put in approval notes (at least 32 characters); unset: notes carry no link. */
    approvalLinkSecretEnv: envName.default('TICKETFIX_LINK_SECRET'),
    /** Global dry-run: every step but the change, for every client and remediation. */
    dryRun: z.boolean().default(false),
    globalRateLimit: z.object({ max: z.number().int().min(1), windowSeconds: z.number().int().min(1) }).default({ max: 200, windowSeconds: 3600 }),
    approvalTtlMinutes: z.number().int().min(1).default(24 * 60),
    /**
     * Validation failures that disable a remediation (kill switch engaged by the engine) until a
     * person re-enables it: per client, and across all clients, within the window.
     */
    circuitBreaker: z
      .object({ perClient: z.number().int().min(1), overall: z.number().int().min(1), windowSeconds: z.number().int().min(60) })
      .default({ perClient: 3, overall: 5, windowSeconds: 24 * 3600 }),
    /** How long after a resolution a requester's reply reopens the ticket for a technician (and counts as a failed outcome). */
    reopenWindowDays: z.number().int().min(0).max(90).default(7),
    /** Largest webhook body accepted, in bytes. */
    maxBodyBytes: z.number().int().min(1024).default(256 * 1024),
    installations: z.array(Installation).min(1),
    rmms: z.array(RmmInstallation).default([]),
    /** Per RMM installation id: where alerts from devices mapped to no client are ticketed (and escalated). */
    unmappedRmmDevices: z.record(z.string(), UnmappedDeviceTickets).default({}),
    /** Where operator tickets go (a failed self-check): the MSP's own company (and board) on one PSA installation. Unset: alerts only. */
    operatorTickets: UnmappedDeviceTickets.optional(),
    /** Periodic jobs. proactiveChecks: open tickets for problems found before a user reports them (mailbox usage); off by default. */
    scheduler: z.object({ proactiveChecks: z.boolean().default(false) }).default({ proactiveChecks: false }),
    m365: M365Config.optional(),
    /** Repeated failed sign-ins to the admin API and /metrics, per source address. */
    authThrottle: AuthThrottleConfig.default({ maxFailures: 10, windowSeconds: 300, maxAddresses: 10_000, exemptLoopback: true }),
    /** Defaults per remediation id, overridden per client. */
    remediations: z.record(z.string(), RemediationPolicyPatch).default({}),
    clients: z.array(Client.extend({ remediations: z.record(z.string(), RemediationPolicyPatch).default({}) })).min(1),
    /** Ticket note texts: the MSP's name, sign-off, languages and customer-note templates (docs/notes.md). */
    notes: NotesConfig.prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const installs = new Set(cfg.installations.map((i) => i.id));
    const seenCompany = new Map<string, string>();
    cfg.clients.forEach((c, i) => {
      c.psa.forEach((m, j) => {
        if (!installs.has(m.installationId)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'psa', j, 'installationId'], message: `no installation '${m.installationId}'` });
        for (const company of m.companyIds) {
          const key = `${m.installationId}/${company}`;
          const other = seenCompany.get(key);
          if (other) ctx.addIssue({ code: 'custom', path: ['clients', i, 'psa', j, 'companyIds'], message: `company ${company} is already mapped to client '${other}'` });
          seenCompany.set(key, c.id);
        }
      });
    });
    // RMM mappings: the installation must exist, an organisation belongs to one client only.
    const rmmIds = new Set(cfg.rmms.map((r) => r.id));
    cfg.rmms.forEach((r, i) => {
      if (cfg.rmms.findIndex((x) => x.id === r.id) !== i) ctx.addIssue({ code: 'custom', path: ['rmms', i, 'id'], message: `duplicate RMM installation id '${r.id}'` });
    });
    const seenOrg = new Map<string, string>();
    cfg.clients.forEach((c, i) => {
      (c.rmm ?? []).forEach((m, j) => {
        if (!rmmIds.has(m.installationId)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'rmm', j, 'installationId'], message: `no RMM installation '${m.installationId}'` });
        if (m.psaInstallationId && !installs.has(m.psaInstallationId)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'rmm', j, 'psaInstallationId'], message: `no installation '${m.psaInstallationId}'` });
        if (m.psaInstallationId && !c.psa.some((p) => p.installationId === m.psaInstallationId)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'rmm', j, 'psaInstallationId'], message: `client '${c.id}' has no company on installation '${m.psaInstallationId}'` });
        for (const org of m.organisationIds) {
          const key = `${m.installationId}/${org}`;
          const other = seenOrg.get(key);
          if (other) ctx.addIssue({ code: 'custom', path: ['clients', i, 'rmm', j, 'organisationIds'], message: `RMM organisation ${org} is already mapped to client '${other}'` });
          seenOrg.set(key, c.id);
        }
      });
    });
    for (const [rmmId, target] of Object.entries(cfg.unmappedRmmDevices)) {
      if (!rmmIds.has(rmmId)) ctx.addIssue({ code: 'custom', path: ['unmappedRmmDevices', rmmId], message: `no RMM installation '${rmmId}'` });
      if (!installs.has(target.psaInstallationId)) ctx.addIssue({ code: 'custom', path: ['unmappedRmmDevices', rmmId, 'psaInstallationId'], message: `no installation '${target.psaInstallationId}'` });
    }
    // Operator tickets go to the MSP's own company: a client's company would feed them into that client's loop.
    const op = cfg.operatorTickets;
    if (op && !installs.has(op.psaInstallationId)) ctx.addIssue({ code: 'custom', path: ['operatorTickets', 'psaInstallationId'], message: `no installation '${op.psaInstallationId}'` });
    const opOwner = op && seenCompany.get(`${op.psaInstallationId}/${op.companyId}`);
    if (opOwner) ctx.addIssue({ code: 'custom', path: ['operatorTickets', 'companyId'], message: `company ${op.companyId} is mapped to client '${opOwner}'; use the MSP's own company` });
    const ids = cfg.clients.map((c) => c.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['clients', i, 'id'], message: `duplicate client id '${id}'` });
    });
  });
export type AppConfig = z.infer<typeof AppConfig>;
export type AppConfigInput = z.input<typeof AppConfig>;
