import { isSamePerson, verifyClientUser } from '../../integrations/m365/verify-client-user.js';
import type { GraphDirectoryObject } from '../../integrations/m365/types.js';
import type { MatchResult, PlanOutcome, RemediationContext } from '../../src/remediation/define.js';
import { PASSWORD_PLACEHOLDER, type PasswordResetInput, type PasswordResetSettings } from './settings.js';

/**
 * Why a synced user is escalated: the only Graph call that resets an on-premises password
 * (beta authenticationMethod resetPassword, SSPR writeback) lists "Application: Not supported"
 * among its permissions, and this app runs app-only; a PATCH of passwordProfile is refused for
 * on-premises-mastered users. https://learn.microsoft.com/graph/api/authenticationmethod-resetpassword?view=graph-rest-beta
 */
export const SYNCED_USER_REFUSAL = 'is synced from on-premises Active Directory: Microsoft Graph offers no app-only way to reset a synced password '
  + '(the SSPR-writeback resetPassword call supports delegated permissions only, and PATCH passwordProfile is refused for on-premises-mastered users). '
  + 'Reset it in on-premises AD (or the SSPR portal); the change then syncs to Entra.';

/** Roles held directly or through groups, and role-assignable groups, in every page of transitiveMemberOf. */
function privilegedMemberships(memberships: GraphDirectoryObject[]): string[] {
  const roles = memberships.filter((o) => o.type === 'directoryRole').map((o) => o.displayName ?? o.id);
  const roleGroups = memberships.filter((o) => o.type === 'group' && o.isAssignableToRole === true).map((o) => `${o.displayName ?? o.id} (role-assignable group)`);
  return [...new Set([...roles, ...roleGroups])];
}

/**
 * Plans a reset for the user the ticket is about (a technician's address is a candidate only):
 * verified in the client's tenant, asked for by the user or an authorised requester, not an
 * admin (no directory role held directly or through nested groups, no role-assignable group),
 * account enabled, cloud-mastered (a synced user is escalated up front, never tried).
 */
export async function planPasswordReset(ctx: RemediationContext<PasswordResetSettings>, match: MatchResult): Promise<PlanOutcome<PasswordResetInput>> {
  const { ticket, client, settings } = ctx;
  const m365 = ctx.m365!;
  const requester = ticket.contactEmail?.trim().toLowerCase() ?? '';
  const found = await verifyClientUser(client, m365, match.params.user ?? requester);
  if (!found.ok) return { kind: 'refuse', reason: found.reason, detail: found.detail };
  const { user, upn } = found;
  if (!isSamePerson(requester, user) && !settings.authorisedRequesters.includes(requester)) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `the requester ${requester || '(no contact)'} is neither ${upn} nor an authorised requester for ${client.name}` };
  }
  if (!user.accountEnabled) return { kind: 'refuse', reason: 'out_of_scope', detail: `${upn}'s account is disabled; a reset would not let them sign in` };
  if (user.onPremisesSyncEnabled === true) return { kind: 'refuse', reason: 'out_of_scope', detail: `${upn} ${SYNCED_USER_REFUSAL}` };
  const privileged = privilegedMemberships(await m365.directory.transitiveMemberOf(user.id));
  if (privileged.length > 0) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `${upn} holds privileged directory roles (${privileged.join(', ')}); admin passwords are never reset automatically` };
  }
  const prior = await m365.directory.lastPasswordChange(user.id);
  const call = { ...m365.directory.describe('PATCH', `/users/${user.id}`, { passwordProfile: { forceChangePasswordNextSignIn: true, password: PASSWORD_PLACEHOLDER } }), summary: `reset ${upn}'s password, change required at next sign-in` };
  return {
    kind: 'plan',
    plan: {
      problem: 'password-reset',
      targets: [{ type: 'user', id: upn }],
      calls: [{ system: 'graph', ...call }],
      prior: { lastPasswordChangeDateTime: prior, synced: false, requester, self: isSamePerson(requester, user) },
      expected: { lastPasswordChangeAfter: prior ?? '1970-01-01T00:00:00Z' },
      // synced stays in the input schema (act.ts reads it); planning only ever sets it false.
      input: { userId: user.id, identity: upn, synced: false, requester, ticketRef: `${ticket.psa}:${ticket.id}` },
      summary: `reset the password of ${upn}, requested by ${requester}; the temporary password goes to a one-time link`,
    },
  };
}
