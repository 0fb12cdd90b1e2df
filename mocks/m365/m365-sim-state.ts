import { createHash } from 'node:crypto';
import type { DemoWorld } from '../demo-data.js';
import { GB, gbToBytes } from './exchange-size-format.js';

/**
 * The simulator's directory and mailboxes, keyed by tenant: the URL of a Graph call carries no
 * tenant, so a user is only ever found through the tenant its token was issued for.
 */
export interface SimMailbox {
  /** null = Unlimited. */
  prohibitSendReceiveBytes: number | null;
  prohibitSendBytes: number | null;
  issueWarningBytes: number | null;
  usedBytes: number;
  itemCount: number;
  /** The licence's mailbox-plan maximum: no quota may exceed it. */
  licenceMaxBytes: number;
  mailboxPlan: string;
  exchangeGuid: string;
  whenChanged: string;
}

export interface SimUser {
  id: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  alias: string;
  accountEnabled: boolean;
  onPremisesSyncEnabled: boolean | null;
  mailbox: SimMailbox | null;
  /** Updated by every password reset (Graph returns it only on $select). */
  lastPasswordChangeDateTime: string;
  /** sha256 of the current password, so tests can check what a reset set without keeping it. */
  passwordSha256: string | null;
  /** Entra directory roles held (displayName). */
  directoryRoles: string[];
}

/** A security group (Graph-writable) or a distribution list (Exchange only). */
export interface SimGroup {
  id: string;
  displayName: string;
  mail: string | null;
  mailNickname: string;
  kind: 'security' | 'distribution';
  /** User ids. */
  owners: Set<string>;
  /** User ids and nested group ids. */
  members: Set<string>;
  isAssignableToRole: boolean | null;
  /** Directory roles granted to the group (role-assignable groups only). */
  directoryRoles: string[];
}

export interface SimTenant {
  tenantId: string;
  domain: string;
  /** Keyed by lower-case UPN. */
  users: Map<string, SimUser>;
  /** Keyed by group id. */
  groups: Map<string, SimGroup>;
}

export type SimState = Map<string, SimTenant>;

/** A user known to have a mailbox (what the Exchange cmdlets work on). */
export type MailboxUser = SimUser & { mailbox: SimMailbox };

/**
 * The mailbox plan's identity as Get-Mailbox shows it (`ExchangeOnlineEnterprise-<guid>`).
 * Derived from the licence maximum, so every mailbox under one licence shares a plan.
 */
export function planFor(tenantId: string, licenceMaxBytes: number): string {
  const tier = licenceMaxBytes >= gbToBytes(100) ? 'ExchangeOnlineEnterprise' : 'ExchangeOnline';
  return `${tier}-${guidFrom(`plan:${tenantId}:${licenceMaxBytes}`)}`;
}

/** A stable GUID from a seed, so ids survive a restart of the sandbox. */
export function guidFrom(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Exchange's defaults keep warning and send limits just under the send/receive quota
 * (49 / 49.5 / 50 GB for a 50 GB mailbox, 98 / 99 / 100 GB for 100 GB).
 */
export function deriveQuotas(prohibitSendReceiveGB: number | null): Pick<SimMailbox, 'prohibitSendReceiveBytes' | 'prohibitSendBytes' | 'issueWarningBytes'> {
  if (prohibitSendReceiveGB === null) return { prohibitSendReceiveBytes: null, prohibitSendBytes: null, issueWarningBytes: null };
  const sendGB = prohibitSendReceiveGB - Math.max(0.5, prohibitSendReceiveGB * 0.01);
  const warnGB = prohibitSendReceiveGB - Math.max(1, prohibitSendReceiveGB * 0.02);
  return {
    prohibitSendReceiveBytes: gbToBytes(prohibitSendReceiveGB),
    prohibitSendBytes: gbToBytes(sendGB),
    issueWarningBytes: gbToBytes(warnGB),
  };
}

/** Roughly 150 KB per item, so item counts look plausible next to the size. */
export function itemCountFor(usedBytes: number): number {
  return Math.round(usedBytes / (150 * 1024));
}

export function buildState(world: DemoWorld): SimState {
  const state: SimState = new Map();
  for (const c of world.companies) state.set(c.tenantId, { tenantId: c.tenantId, domain: c.domain, users: new Map(), groups: new Map() });
  for (const u of world.users) {
    const company = world.companies.find((c) => c.clientId === u.clientId);
    if (!company) continue;
    const usedBytes = gbToBytes(u.usedGB);
    const alias = u.email.split('@')[0] ?? u.email;
    state.get(company.tenantId)?.users.set(u.email.toLowerCase(), {
      id: guidFrom(`user:${company.tenantId}:${u.email}`),
      userPrincipalName: u.email,
      mail: u.email,
      displayName: u.displayName,
      alias,
      accountEnabled: true,
      onPremisesSyncEnabled: u.onPremisesSyncEnabled ?? null,
      lastPasswordChangeDateTime: '2025-09-01T08:00:00Z',
      passwordSha256: null,
      directoryRoles: [...(u.directoryRoles ?? [])],
      mailbox: {
        ...deriveQuotas(u.quotaGB),
        usedBytes,
        itemCount: itemCountFor(usedBytes),
        licenceMaxBytes: gbToBytes(u.licenceMaxGB),
        mailboxPlan: planFor(company.tenantId, gbToBytes(u.licenceMaxGB)),
        exchangeGuid: guidFrom(`mailbox:${company.tenantId}:${u.email}`),
        whenChanged: new Date('2025-01-06T09:00:00Z').toISOString(),
      },
    });
  }
  for (const g of world.groups ?? []) {
    const company = world.companies.find((c) => c.clientId === g.clientId);
    const tenant = company && state.get(company.tenantId);
    if (!tenant) continue;
    const ids = (emails: string[]) => new Set(emails.map((e) => findUser(tenant, e)?.id).filter((id): id is string => id !== undefined));
    const id = guidFrom(`group:${tenant.tenantId}:${g.displayName}`);
    const mailNickname = (g.mail?.split('@')[0] ?? g.displayName).replace(/[^A-Za-z0-9-]/g, '');
    const isAssignableToRole = g.kind === 'security' ? (g.isAssignableToRole ?? false) : null;
    tenant.groups.set(id, { id, displayName: g.displayName, mail: g.mail ?? null, mailNickname, kind: g.kind, owners: ids(g.owners), members: ids(g.members), isAssignableToRole, directoryRoles: [...(g.directoryRoles ?? [])] });
  }
  // Nested groups after every group exists, so a group may name one declared after it.
  for (const g of world.groups ?? []) {
    const tenant = state.get(world.companies.find((c) => c.clientId === g.clientId)?.tenantId ?? '');
    const parent = tenant && findGroup(tenant, g.displayName);
    for (const name of g.memberGroups ?? []) {
      const child = findGroup(tenant, name);
      if (parent && child) parent.members.add(child.id);
    }
  }
  return state;
}

/** Finds a group in ONE tenant by id, display name, mail or nickname. */
export function findGroup(tenant: SimTenant | undefined, identity: string): SimGroup | undefined {
  if (!tenant) return undefined;
  const key = identity.trim().toLowerCase();
  for (const g of tenant.groups.values()) {
    if (g.id === key || g.displayName.toLowerCase() === key || g.mail?.toLowerCase() === key || g.mailNickname.toLowerCase() === key) return g;
  }
  return undefined;
}

/** Finds a user in ONE tenant by Graph id, UPN, mail, alias or Exchange GUID. */
export function findUser(tenant: SimTenant | undefined, identity: string): SimUser | undefined {
  if (!tenant) return undefined;
  const key = identity.trim().toLowerCase();
  const direct = tenant.users.get(key);
  if (direct) return direct;
  for (const u of tenant.users.values()) {
    if (u.id === key || u.mail.toLowerCase() === key || u.alias.toLowerCase() === key || u.mailbox?.exchangeGuid === key) return u;
  }
  return undefined;
}

export function bytesToGB(bytes: number | null): number | null {
  return bytes === null ? null : bytes / GB;
}
