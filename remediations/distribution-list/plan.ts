import { verifyClientUser } from '../../integrations/m365/verify-client-user.js';
import type { GraphUser } from '../../integrations/m365/types.js';
import type { MatchResult, PlanOutcome, RemediationContext } from '../../src/remediation/define.js';
import { inClientDomains } from '../../src/remediation/targets.js';
import { isMember, memberParameters, readList, readMembers } from './exchange-lists.js';
import type { DistributionListInput, DistributionListSettings } from './settings.js';

/** ManagedBy lists recipient names; the requester owns the list if any of theirs is there. */
function owns(managedBy: string[], requester: GraphUser | null): boolean {
  if (!requester) return false;
  const names = [requester.id, requester.userPrincipalName, requester.mail ?? '', requester.userPrincipalName.split('@')[0] ?? '', requester.displayName ?? ''].map((n) => n.toLowerCase()).filter(Boolean);
  return managedBy.some((m) => names.includes(m));
}

/**
 * Plans one add/remove on an existing list of the client's tenant for a verified user. A
 * requester who neither manages the list nor is an authorised requester gets an approval.
 */
export async function planListChange(ctx: RemediationContext<DistributionListSettings>, match: MatchResult): Promise<PlanOutcome<DistributionListInput>> {
  const { ticket, client, settings } = ctx;
  const m365 = ctx.m365!;
  const action = match.params.action;
  if (action !== 'add' && action !== 'remove') return { kind: 'refuse', reason: 'out_of_scope', detail: 'the ticket does not say clearly whether to add or remove' };
  const group = match.params.group;
  if (!group) return { kind: 'refuse', reason: 'out_of_scope', detail: 'the ticket does not name the distribution list' };
  const requester = ticket.contactEmail?.trim().toLowerCase() ?? '';
  const found = await verifyClientUser(client, m365, match.params.user ?? requester);
  if (!found.ok) return { kind: 'refuse', reason: found.reason, detail: found.detail };
  const list = await readList(m365.exchange, group);
  if (!list) return { kind: 'refuse', reason: 'out_of_scope', detail: `no distribution list "${group}" exists in ${client.name}'s tenant` };
  if (!list.mail || !inClientDomains(client, list.mail)) return { kind: 'refuse', reason: 'target_not_in_client', detail: `the list ${list.name} (${list.mail || 'no address'}) is not in a verified domain of ${client.name}` };
  const input: DistributionListInput = { action, list: list.mail, listName: list.name, member: found.upn, memberId: found.user.id };
  const members = await readMembers(m365.exchange, list.mail);
  const already = isMember(members, input);
  if (action === 'add' && already) return { kind: 'refuse', reason: 'out_of_scope', detail: `${found.upn} is already a member of ${list.name}; nothing to change` };
  if (action === 'remove' && !already) return { kind: 'refuse', reason: 'out_of_scope', detail: `${found.upn} is not a member of ${list.name}; nothing to change` };

  const requesterUser = requester && inClientDomains(client, requester) ? await m365.graph.getUser(requester) : null;
  const owner = owns(list.managedBy, requesterUser);
  const authorised = settings.authorisedRequesters.includes(requester);
  const cmdlet = action === 'add' ? 'Add-DistributionGroupMember' : 'Remove-DistributionGroupMember';
  const request = m365.exchange.describe(cmdlet, memberParameters(input));
  return {
    kind: 'plan',
    plan: {
      problem: `list-${action}:${list.mail}`,
      targets: [{ type: 'user', id: found.upn }],
      calls: [{ system: 'exchange', method: request.method, url: request.url, body: request.body, summary: `${cmdlet} ${list.mail} ${found.upn}` }],
      prior: { member: already, memberCount: members.ids.length, requester, requesterOwnsList: owner, managedBy: list.managedBy },
      expected: { member: action === 'add' },
      input,
      summary: `${action} ${found.upn} ${action === 'add' ? 'to' : 'from'} the distribution list ${list.name} (${list.mail}), requested by ${requester || '(no contact)'}`,
      approvalReason: owner || authorised ? undefined : `the requester ${requester || '(no contact)'} does not manage ${list.name} and is not an authorised requester`,
    },
  };
}
