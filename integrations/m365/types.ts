/**
 * Microsoft 365 access as the engine hands it to a remediation: already bound to the one
 * tenant the client maps to in config. A remediation never names a tenant itself.
 */
export interface TenantM365 {
  readonly tenantId: string;
  readonly graph: GraphUsers;
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

/** Exchange admin `InvokeCommand`: one cmdlet per call, results as the raw `value` rows. */
export interface ExchangeAdmin {
  invoke(cmdlet: string, parameters: Record<string, unknown>, select?: string[]): Promise<Record<string, unknown>[]>;
  /** The exact request `invoke` would send (for plans and dry-run; carries no token). */
  describe(cmdlet: string, parameters: Record<string, unknown>): { method: string; url: string; body: unknown };
}

/** Builds tenant-bound access; the engine calls it with the tenant from the client mapping only. */
export type M365Factory = (tenantId: string) => TenantM365;
