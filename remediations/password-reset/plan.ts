import { isSamePerson, verifyClientUser } from '../../integrations/m365/verify-client-user.js';
import { PASSWORD_METHOD_ID } from '../../integrations/m365/graph-directory.js';
import type { MatchResult, PlanOutcome, RemediationContext } from '../../src/remediation/define.js';
import { PASSWORD_PLACEHOLDER, type PasswordResetInput, type PasswordResetSettings } from './settings.js';

/**
 * Plans a reset for the user the ticket is about (a technician's address is a candidate only):
 * verified in the client's tenant, asked for by the user or an authorised requester, not an
 * admin (no directory role, no role-assignable group), account enabled.
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
  const memberOf = await m365.directory.memberOf(user.id);
  const roles = memberOf.filter((o) => o.type === 'directoryRole').map((o) => o.displayName ?? o.id);
  const roleGroups = memberOf.filter((o) => o.isAssignableToRole).map((o) => o.displayName ?? o.id);
  if (roles.length > 0 || roleGroups.length > 0) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `${upn} holds privileged directory roles (${[...roles, ...roleGroups].join(', ')}); admin passwords are never reset automatically` };
  }
  const prior = await m365.directory.lastPasswordChange(user.id);
  const synced = user.onPremisesSyncEnabled === true;
  const call = synced
    ? { ...m365.directory.describe('POST', `/users/${user.id}/authentication/methods/${PASSWORD_METHOD_ID}/resetPassword`, { newPassword: PASSWORD_PLACEHOLDER }, 'beta'), summary: `SSPR-writeback password reset for synced user ${upn}` }
    : { ...m365.directory.describe('PATCH', `/users/${user.id}`, { passwordProfile: { forceChangePasswordNextSignIn: true, password: PASSWORD_PLACEHOLDER } }), summary: `reset ${upn}'s password, change required at next sign-in` };
  return {
    kind: 'plan',
    plan: {
      problem: 'password-reset',
      targets: [{ type: 'user', id: upn }],
      calls: [{ system: 'graph', ...call }],
      prior: { lastPasswordChangeDateTime: prior, synced, requester, self: isSamePerson(requester, user) },
      expected: { lastPasswordChangeAfter: prior ?? '1970-01-01T00:00:00Z' },
      input: { userId: user.id, identity: upn, synced, requester, ticketRef: `${ticket.psa}:${ticket.id}` },
      summary: `reset the password of ${upn}${synced ? ' (synced from on-premises: SSPR writeback)' : ''}, requested by ${requester}; the temporary password goes to a one-time link`,
    },
  };
}
