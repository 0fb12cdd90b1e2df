import type { Client } from '../../src/model/client.js';
import type { EscalationReason } from '../../src/model/run.js';
import { inClientDomains } from '../../src/remediation/targets.js';
import type { GraphUser, TenantM365 } from './types.js';

export type VerifiedUser = { ok: true; user: GraphUser; upn: string } | { ok: false; reason: EscalationReason; detail: string };

/**
 * A user named by a ticket (the contact, or an address a technician wrote) is only a candidate:
 * it must be one address, in one of the client's verified domains (checked before any tenant
 * call), exist in the client's own tenant, and its UPN must be in a verified domain too.
 */
export async function verifyClientUser(client: Client, m365: TenantM365, candidate: string | undefined, role = 'user'): Promise<VerifiedUser> {
  const email = candidate?.trim().toLowerCase();
  if (!email) return { ok: false, reason: 'out_of_scope', detail: `no ${role} could be identified from the ticket` };
  if (email.includes(',')) return { ok: false, reason: 'out_of_scope', detail: `the ticket names several ${role}s (${email}); one automatic change never guesses between them` };
  if (!email.includes('@')) return { ok: false, reason: 'target_not_in_client', detail: `the ${role} is named only as "${email}", which cannot be verified against the client's directory` };
  if (!inClientDomains(client, email)) return { ok: false, reason: 'target_not_in_client', detail: `${email} is not in a verified domain of ${client.name}` };
  const user = await m365.graph.getUser(email);
  if (!user) return { ok: false, reason: 'target_not_in_client', detail: `${email} is not a user in ${client.name}'s tenant` };
  const upn = user.userPrincipalName.toLowerCase();
  if (!inClientDomains(client, upn)) return { ok: false, reason: 'target_not_in_client', detail: `${upn} is not in a verified domain of ${client.name}` };
  return { ok: true, user, upn };
}

/** The requester is the ticket's PSA contact; the same person as the target, or not. */
export function isSamePerson(requester: string | undefined, user: GraphUser): boolean {
  const r = requester?.trim().toLowerCase();
  return !!r && (r === user.userPrincipalName.toLowerCase() || r === user.mail?.toLowerCase());
}
