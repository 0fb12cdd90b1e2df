import { notFound, parameterError } from './exchange-errors.js';
import { findUser, type MailboxUser, type SimTenant } from './m365-sim-state.js';

/** What every cmdlet returns: the `value` rows and any `@adminapi.warnings`. */
export interface CmdletResult {
  rows: Record<string, unknown>[];
  warnings: string[];
}

export type Params = Record<string, unknown>;

/** Rejects parameters a cmdlet does not have, as PowerShell's binder does. */
export function checkParameters(params: Params, allowed: string[]): void {
  for (const name of Object.keys(params)) {
    if (!allowed.some((a) => a.toLowerCase() === name.toLowerCase())) throw parameterError(`A parameter cannot be found that matches parameter name '${name}'.`);
  }
}

/** Case-insensitive parameter lookup: PowerShell parameter names are. */
export function param(params: Params, name: string): unknown {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
}

export function requireMailbox(tenant: SimTenant, params: Params): MailboxUser {
  const identity = param(params, 'Identity');
  if (identity === undefined || identity === null || identity === '') throw parameterError('Cannot process command because of one or more missing mandatory parameters: Identity.');
  const user = findUser(tenant, String(identity));
  if (!user?.mailbox) throw notFound(String(identity));
  return user as MailboxUser;
}

