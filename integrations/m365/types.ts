/**
 * Microsoft 365 access as the engine hands it to a remediation: already bound to the one
 * tenant the client maps to in config. A remediation never names a tenant itself.
 */
export interface TenantM365 {
  readonly tenantId: string;
  readonly graph: GraphUsers;
  readonly directory: GraphDirectory;
  readonly exchange: ExchangeAdmin;
}

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string | null;
  accountEnabled: boolean;
  onPremisesSyncEnabled: boolean | null;
}

export interface GraphUsers {
  /** null when the user does not exist in this tenant (404). */
  getUser(idOrUpn: string): Promise<GraphUser | null>;
}

export interface GraphDirectoryObject {
  type: 'directoryRole' | 'group' | 'other';
  id: string;
  displayName: string | null;
  isAssignableToRole: boolean | null;
}

export interface GraphGroup {
  id: string;
  displayName: string | null;
  mail: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  isAssignableToRole: boolean | null;
}

/** Graph directory writes and reads the M365 catalogue needs (passwords, groups). */
export interface GraphDirectory {
  /** `lastPasswordChangeDateTime` (returned only on $select). */
  lastPasswordChange(userId: string): Promise<string | null>;
  /** PATCH passwordProfile with forceChangePasswordNextSignIn (cloud users). */
  resetCloudPassword(userId: string, password: string): Promise<void>;
  /**
   * beta SSPR-writeback resetPassword (users synced from on-premises AD). Microsoft lists no
   * application permission for it, so an app-only token is refused: planning never chooses it.
   */
  resetSyncedPassword(userId: string, password: string): Promise<void>;
  /** Direct memberships, every page. */
  memberOf(userId: string): Promise<GraphDirectoryObject[]>;
  /** Direct and nested memberships (groups, roles held through role-assignable groups), every page. */
  transitiveMemberOf(userId: string): Promise<GraphDirectoryObject[]>;
  findGroups(displayName: string): Promise<GraphGroup[]>;
  addGroupMember(groupId: string, userId: string): Promise<void>;
  /** Idempotent: a member already gone is success. */
  removeGroupMember(groupId: string, userId: string): Promise<void>;
  /** The subset of `groupIds` the user is (transitively) a member of. */
  checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]>;
  /** The exact request for plans and dry-run (never with a password in it). */
  describe(method: string, path: string, body?: unknown, version?: 'v1.0' | 'beta'): { method: string; url: string; body: unknown };
}

/** Exchange admin `InvokeCommand`: one cmdlet per call, results as the raw `value` rows. */
export interface ExchangeAdmin {
  invoke(cmdlet: string, parameters: Record<string, unknown>, select?: string[]): Promise<Record<string, unknown>[]>;
  /** The exact request `invoke` would send (for plans and dry-run; carries no token). */
  describe(cmdlet: string, parameters: Record<string, unknown>): { method: string; url: string; body: unknown };
}

/** Builds tenant-bound access; the engine calls it with the tenant from the client mapping only. */
export type M365Factory = (tenantId: string) => TenantM365;
