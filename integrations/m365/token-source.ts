/** The two resources the app needs app-only tokens for. */
export type M365Resource = 'graph' | 'exchange';

/**
 * Client-credentials scopes. These are the resource identifiers of the commercial cloud and
 * stay the same when the base URLs point at the sandbox: the simulator checks the audience.
 */
export const RESOURCE_SCOPES: Record<M365Resource, string> = {
  graph: 'https://graph.microsoft.com/.default',
  exchange: 'https://outlook.office365.com/.default',
};

export interface TokenRequestOptions {
  /** Skip any cached token (after a 401: the service no longer accepts it). */
  forceRefresh?: boolean;
}

/** App-only tokens per customer tenant; implementations cache until shortly before expiry. */
export interface TokenSource {
  getToken(tenantId: string, resource: M365Resource, options?: TokenRequestOptions): Promise<string>;
}
