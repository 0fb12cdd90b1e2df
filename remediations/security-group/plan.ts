import { verifyClientUser } from '../../integrations/m365/verify-client-user.js';
import type { MatchResult, PlanOutcome, RemediationContext } from '../../src/remediation/define.js';
import type { SecurityGroupInput, SecurityGroupSettings } from './settings.js';

/**
 * Plans one add/remove on an existing security group of the client's tenant for a verified
 * user. Mail-enabled groups are Exchange's (Graph cannot write them) and role-assignable
 * groups grant admin rights: both go to a person. The risk class makes every plan wait for approval.
 */
export async function planGroupChange(ctx: RemediationContext<SecurityGroupSettings>, match: MatchResult): Promise<PlanOutcome<SecurityGroupInput>> {
  const { ticket, client } = ctx;
  const m365 = ctx.m365!;
  const action = match.params.action;
  if (action !== 'add' && action !== 'remove') return { kind: 'refuse', reason: 'out_of_scope', detail: 'the ticket does not say clearly whether to add or remove' };
  const name = match.params.group;
  if (!name) return { kind: 'refuse', reason: 'out_of_scope', detail: 'the ticket does not name the security group' };
  const requester = ticket.contactEmail?.trim().toLowerCase() ?? '';
  const found = await verifyClientUser(client, m365, match.params.user ?? requester);
  if (!found.ok) return { kind: 'refuse', reason: found.reason, detail: found.detail };
  const groups = await m365.directory.findGroups(name);
  if (groups.length === 0) return { kind: 'refuse', reason: 'out_of_scope', detail: `no group "${name}" exists in ${client.name}'s tenant` };
  if (groups.length > 1) return { kind: 'refuse', reason: 'out_of_scope', detail: `${groups.length} groups are called "${name}" in ${client.name}'s tenant; a person must pick one` };
  const group = groups[0]!;
  if (group.mailEnabled || !group.securityEnabled || group.groupTypes.includes('Unified')) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `"${name}" is not a plain security group (mail-enabled or Microsoft 365 group); it is changed elsewhere` };
  }
  if (group.isAssignableToRole) return { kind: 'refuse', reason: 'out_of_scope', detail: `"${name}" can be assigned directory roles; its membership is never changed automatically` };
  const input: SecurityGroupInput = { action, groupId: group.id, groupName: group.displayName ?? name, userId: found.user.id, member: found.upn };
  const already = (await m365.directory.checkMemberGroups(found.user.id, [group.id])).includes(group.id);
  if (action === 'add' && already) return { kind: 'refuse', reason: 'out_of_scope', detail: `${found.upn} is already a member of ${input.groupName}; nothing to change` };
  if (action === 'remove' && !already) return { kind: 'refuse', reason: 'out_of_scope', detail: `${found.upn} is not a member of ${input.groupName}; nothing to change` };
  const call =
    action === 'add'
      ? m365.directory.describe('POST', `/groups/${group.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${found.user.id}` })
      : m365.directory.describe('DELETE', `/groups/${group.id}/members/${found.user.id}/$ref`);
  return {
    kind: 'plan',
    plan: {
      problem: `group-${action}:${group.id}`,
      targets: [{ type: 'user', id: found.upn }],
      calls: [{ system: 'graph', ...call, summary: `${action} ${found.upn} ${action === 'add' ? 'to' : 'from'} security group ${input.groupName}` }],
      prior: { member: already, requester },
      expected: { member: action === 'add' },
      input,
      summary: `${action} ${found.upn} ${action === 'add' ? 'to' : 'from'} the security group ${input.groupName}, requested by ${requester || '(no contact)'}`,
    },
  };
}
