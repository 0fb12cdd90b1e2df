import type { GraphDirectory } from '../../integrations/m365/types.js';
import type { ValidationResult } from '../../src/remediation/define.js';
import type { SecurityGroupInput } from './settings.js';

export async function changeMembership(directory: GraphDirectory, action: 'add' | 'remove', input: SecurityGroupInput): Promise<void> {
  if (action === 'add') await directory.addGroupMember(input.groupId, input.userId);
  else await directory.removeGroupMember(input.groupId, input.userId);
}

/** checkMemberGroups: transitive membership as Entra evaluates it for access. */
export async function checkMembership(directory: GraphDirectory, input: SecurityGroupInput, shouldBeMember: boolean): Promise<ValidationResult> {
  const now = (await directory.checkMemberGroups(input.userId, [input.groupId])).includes(input.groupId);
  const ok = now === shouldBeMember;
  const state = (b: boolean) => (b ? 'a member' : 'not a member');
  return { ok, observed: { member: now }, message: `checkMemberGroups shows ${input.member} ${state(now)} of ${input.groupName}${ok ? ' as expected' : `, expected ${state(shouldBeMember)}`}` };
}
