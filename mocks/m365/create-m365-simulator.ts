import { createHash } from 'node:crypto';
import type { RequestHandler } from 'msw';
import { demoWorld, type DemoWorld } from '../demo-data.js';
import { exchangeHandlers } from './exchange-handlers.js';
import { graphHandlers } from './graph-handlers.js';
import { buildState, findGroup, type SimUser } from './m365-sim-state.js';
import { applyMailboxPatch, mailboxView, type MailboxPatch, type MailboxView } from './sim-mailbox-patch.js';
import type { SimCall, SimContext } from './sim-context.js';
import { SimFaults } from './sim-faults.js';
import { SimTokenIssuer } from './sim-tokens.js';
import { tokenHandlers } from './token-handlers.js';

export type { MailboxPatch, MailboxView } from './sim-mailbox-patch.js';

export interface M365SimUrls {
  /** Authority host, e.g. https://login.microsoftonline.com (the tenant follows it). */
  authority: string;
  /** Graph base ending in /v1.0. */
  graph: string;
  /** Exchange admin API base ending in /adminapi/beta. */
  exchange: string;
}

export const REAL_M365_URLS: M365SimUrls = {
  authority: 'https://login.microsoftonline.com',
  graph: 'https://graph.microsoft.com/v1.0',
  exchange: 'https://outlook.office365.com/adminapi/beta',
};

/** Where the sandbox serves the simulators: `origin` is e.g. http://127.0.0.1:4010. */
export function sandboxM365Urls(origin: string): M365SimUrls {
  const o = origin.replace(/\/$/, '');
  return { authority: `${o}/sim/login`, graph: `${o}/sim/graph/v1.0`, exchange: `${o}/sim/exchange/adminapi/beta` };
}

/** The sandbox's app registration. Sandbox-only values; a real secret never lives in code. */
export const SIM_M365_APP = { clientId: '5a1c0f3e-7d2b-4c8e-9f61-0e3d2b1a7c55', clientSecret: 'sim-only-m365-client-secret' } as const;

export interface M365SimOptions {
  world?: DemoWorld;
  urls?: M365SimUrls;
  app?: { clientId: string; clientSecret: string };
  tokenLifetimeSeconds?: number;
  /** Largest Exchange page; lower it to exercise @odata.nextLink paging. */
  maxPageSize?: number;
  /** Graph memberOf / transitiveMemberOf page (Graph's default: 100); lower it to exercise paging. */
  graphPageSize?: number;
}

export interface M365Simulator {
  readonly handlers: RequestHandler[];
  readonly calls: SimCall[];
  readonly faults: SimFaults;
  readonly app: { clientId: string; clientSecret: string };
  readonly urls: M365SimUrls;
  callsFor(tenantId: string): SimCall[];
  clearCalls(): void;
  user(email: string): Readonly<SimUser> | undefined;
  tenantOf(email: string): string | undefined;
  mailbox(email: string): MailboxView | undefined;
  setMailbox(email: string, patch: MailboxPatch): void;
  setUser(email: string, patch: Partial<Pick<SimUser, 'accountEnabled' | 'onPremisesSyncEnabled' | 'displayName'>>): void;
  /** Members (e-mail) of a security group or distribution list of one tenant, by name or address. */
  groupMembers(tenantId: string, group: string): string[];
  /** True when the user's current password is `password` (the simulator keeps only its hash). */
  passwordMatches(email: string, password: string): boolean;
  /** Removes the app's service principal from a tenant: token requests fail with AADSTS700016. */
  revokeConsent(tenantId: string): void;
  /** Expires every issued token, so the next call with one answers 401. */
  expireTokens(): void;
  readonly tokensIssued: number;
}

/**
 * A stateful Microsoft 365 (Entra token endpoint, Graph users, Exchange InvokeCommand)
 * simulator as msw handlers. Each call builds fresh state from the demo world, so tests
 * never share mailboxes.
 */
export function createM365Simulator(options: M365SimOptions = {}): M365Simulator {
  const urls = options.urls ?? REAL_M365_URLS;
  const ctx: SimContext = {
    state: buildState(options.world ?? demoWorld()),
    tokens: new SimTokenIssuer(options.tokenLifetimeSeconds ?? 3599),
    faults: new SimFaults(),
    calls: [],
    app: { ...(options.app ?? SIM_M365_APP) },
    unconsented: new Set(),
    maxPageSize: options.maxPageSize ?? 1000,
    graphPageSize: options.graphPageSize ?? 100,
  };
  const handlers = [...tokenHandlers(ctx, urls.authority), ...graphHandlers(ctx, urls.graph), ...exchangeHandlers(ctx, urls.exchange)];

  const locate = (email: string) => {
    for (const tenant of ctx.state.values()) {
      const user = tenant.users.get(email.toLowerCase());
      if (user) return { tenant, user };
    }
    return undefined;
  };
  const mustLocate = (email: string) => {
    const found = locate(email);
    if (!found) throw new Error(`m365 simulator: no user ${email}`);
    return found;
  };

  return {
    handlers,
    calls: ctx.calls,
    faults: ctx.faults,
    app: ctx.app,
    urls,
    callsFor: (tenantId) => ctx.calls.filter((c) => c.tenantId === tenantId),
    clearCalls: () => void ctx.calls.splice(0),
    user: (email) => locate(email)?.user,
    tenantOf: (email) => locate(email)?.tenant.tenantId,
    mailbox(email) {
      const m = locate(email)?.user.mailbox;
      return m ? mailboxView(m) : undefined;
    },
    setMailbox(email, patch) {
      const { tenant, user } = mustLocate(email);
      if (!user.mailbox) throw new Error(`m365 simulator: ${email} has no mailbox`);
      applyMailboxPatch(tenant.tenantId, user.mailbox, patch);
    },
    setUser(email, patch) {
      Object.assign(mustLocate(email).user, patch);
    },
    groupMembers(tenantId, group) {
      const tenant = ctx.state.get(tenantId);
      const g = findGroup(tenant, group);
      if (!tenant || !g) throw new Error(`m365 simulator: no group ${group} in ${tenantId}`);
      return [...tenant.users.values()].filter((u) => g.members.has(u.id)).map((u) => u.mail).sort();
    },
    passwordMatches(email, password) {
      const hash = locate(email)?.user.passwordSha256;
      return !!hash && hash === createHash('sha256').update(password).digest('hex');
    },
    revokeConsent: (tenantId) => void ctx.unconsented.add(tenantId),
    expireTokens: () => ctx.tokens.expireAll(),
    get tokensIssued() {
      return ctx.tokens.count;
    },
  };
}
