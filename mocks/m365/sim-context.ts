import type { SimFaults, SimSystem } from './sim-faults.js';
import type { SimState } from './m365-sim-state.js';
import type { SimTokenIssuer } from './sim-tokens.js';

/** One request the simulator saw, so tests can assert which tenant was (never) touched. */
export interface SimCall {
  at: number;
  system: SimSystem;
  /** Login and Exchange: from the URL. Graph: from the token (null when it had no valid one). */
  tenantId: string | null;
  method: string;
  path: string;
  cmdlet?: string;
  identity?: string;
  anchorMailbox?: string;
  /** The status answered; null while the call is still pending (a hang). */
  status: number | null;
}

/** Everything the three services' handlers share. */
export interface SimContext {
  state: SimState;
  tokens: SimTokenIssuer;
  faults: SimFaults;
  calls: SimCall[];
  app: { clientId: string; clientSecret: string };
  /** Tenants where the app's service principal was removed (consent withdrawn). */
  unconsented: Set<string>;
  maxPageSize: number;
  /** Graph's directory-listing page (100 by default, as Graph's own). */
  graphPageSize: number;
}

/**
 * Logs the call, runs injected faults, then the service itself, and records the answer's
 * status. Every handler goes through here so no call escapes the log.
 */
export async function served(ctx: SimContext, call: Omit<SimCall, 'at' | 'status'>, serve: () => Promise<Response> | Response): Promise<Response> {
  const entry: SimCall = { ...call, at: Date.now(), status: null };
  ctx.calls.push(entry);
  const response = (await ctx.faults.apply(call.system, call.tenantId)) ?? (await serve());
  entry.status = response.status;
  return response;
}

/** The request's path without query, for the log. */
export function pathOf(request: Request): string {
  return new URL(request.url).pathname;
}
