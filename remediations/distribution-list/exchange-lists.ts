import type { ExchangeAdmin } from '../../integrations/m365/types.js';
import { ExchangeCommandError } from '../../integrations/m365/exchange-error.js';
import type { ValidationResult } from '../../src/remediation/define.js';
import type { DistributionListInput } from './settings.js';

export interface ListInfo {
  identity: string;
  name: string;
  mail: string;
  managedBy: string[];
}

/** Get-DistributionGroup in the client's tenant; null when no such list exists there. */
export async function readList(exchange: ExchangeAdmin, identity: string): Promise<ListInfo | null> {
  try {
    const [row] = await exchange.invoke('Get-DistributionGroup', { Identity: identity });
    if (!row) return null;
    const managed = Array.isArray(row.ManagedBy) ? row.ManagedBy : row.ManagedBy ? [row.ManagedBy] : [];
    return { identity: String(row.Identity ?? row.Name), name: String(row.DisplayName ?? row.Name), mail: String(row.PrimarySmtpAddress ?? '').toLowerCase(), managedBy: managed.map((m) => String(m).toLowerCase()) };
  } catch (err) {
    if (err instanceof ExchangeCommandError && err.notFound) return null;
    throw err;
  }
}

/** Members as directory object ids and addresses. */
export async function readMembers(exchange: ExchangeAdmin, list: string): Promise<{ ids: string[]; mails: string[] }> {
  const rows = await exchange.invoke('Get-DistributionGroupMember', { Identity: list, ResultSize: 'Unlimited' });
  return { ids: rows.map((r) => String(r.ExternalDirectoryObjectId ?? '').toLowerCase()), mails: rows.map((r) => String(r.PrimarySmtpAddress ?? '').toLowerCase()) };
}

export const isMember = (m: { ids: string[]; mails: string[] }, input: Pick<DistributionListInput, 'member' | 'memberId'>) => m.ids.includes(input.memberId.toLowerCase()) || m.mails.includes(input.member.toLowerCase());

/** The app is no list's manager: the bypass is what lets an admin role change membership. */
export const memberParameters = (input: Pick<DistributionListInput, 'list' | 'member'>) => ({ Identity: input.list, Member: input.member, BypassSecurityGroupManagerCheck: true });

export async function changeMembership(exchange: ExchangeAdmin, action: 'add' | 'remove', input: DistributionListInput): Promise<void> {
  await exchange.invoke(action === 'add' ? 'Add-DistributionGroupMember' : 'Remove-DistributionGroupMember', memberParameters(input));
}

export async function checkMembership(exchange: ExchangeAdmin, input: DistributionListInput, shouldBeMember: boolean): Promise<ValidationResult> {
  const members = await readMembers(exchange, input.list);
  const now = isMember(members, input);
  const ok = now === shouldBeMember;
  const state = (b: boolean) => (b ? 'a member' : 'not a member');
  return { ok, observed: { member: now, memberCount: members.ids.length }, message: `Get-DistributionGroupMember ${input.list} shows ${input.member} ${state(now)}${ok ? ' as expected' : `, expected ${state(shouldBeMember)}`}` };
}
