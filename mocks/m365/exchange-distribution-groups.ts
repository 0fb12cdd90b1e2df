import { checkParameters, param, type CmdletResult, type Params } from './exchange-cmdlet-params.js';
import { ExchangeCmdletError, notFound, parameterError } from './exchange-errors.js';
import { findGroup, findUser, type SimGroup, type SimTenant, type SimUser } from './m365-sim-state.js';

const need = (params: Params, name: string): string => {
  const v = param(params, name);
  if (v === undefined || v === null || v === '') throw parameterError(`Cannot process command because of one or more missing mandatory parameters: ${name}.`);
  return String(v);
};

/** Only mail-enabled distribution groups are DistributionGroup objects; a security group is "not found". */
function requireList(tenant: SimTenant, identity: string): SimGroup {
  const g = findGroup(tenant, identity);
  if (!g || g.kind !== 'distribution') throw notFound(identity);
  return g;
}

function requireRecipient(tenant: SimTenant, identity: string): SimUser {
  const u = findUser(tenant, identity);
  if (!u?.mailbox) {
    throw new ExchangeCmdletError(404, 'NotFound', 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException', 'Ex6F9304', `Couldn't find object "${identity}". Please make sure that it was spelled correctly or specify a different object.`);
  }
  return u;
}

const aliasOf = (tenant: SimTenant, id: string) => [...tenant.users.values()].find((u) => u.id === id)?.alias ?? id;

function groupRow(tenant: SimTenant, g: SimGroup): Record<string, unknown> {
  return {
    Identity: g.displayName,
    Name: g.displayName,
    DisplayName: g.displayName,
    Alias: g.mailNickname,
    PrimarySmtpAddress: g.mail,
    RecipientType: 'MailUniversalDistributionGroup',
    RecipientTypeDetails: 'MailUniversalDistributionGroup',
    GroupType: 'Universal',
    // Exchange lists managers by their recipient Name (the alias for these mailboxes).
    ManagedBy: [...g.owners].map((id) => aliasOf(tenant, id)),
    MemberJoinRestriction: 'Closed',
    ExternalDirectoryObjectId: g.id,
    Guid: g.id,
  };
}

function memberRow(u: SimUser): Record<string, unknown> {
  return { Identity: u.alias, Name: u.alias, DisplayName: u.displayName, Alias: u.alias, PrimarySmtpAddress: u.mail, RecipientType: 'UserMailbox', RecipientTypeDetails: 'UserMailbox', ExternalDirectoryObjectId: u.id };
}

/** The app is not a ManagedBy of any list: without the bypass Exchange refuses, as for any non-owner. */
function requireBypass(params: Params, g: SimGroup): void {
  const bypass = param(params, 'BypassSecurityGroupManagerCheck');
  if (bypass !== true && String(bypass).toLowerCase() !== 'true') {
    throw new ExchangeCmdletError(403, 'Forbidden', 'Microsoft.Exchange.Management.Tasks.OperationRequiresGroupManagerException', 'Ex9E2B7D', `You don't have sufficient permissions. This operation can only be performed by a manager of the group "${g.displayName}".`);
  }
}

/** Get-/Add-/Remove-DistributionGroupMember and Get-DistributionGroup; undefined for other cmdlets. */
export function runDistributionCmdlet(tenant: SimTenant, name: string, params: Params): CmdletResult | undefined {
  switch (name.toLowerCase()) {
    case 'get-distributiongroup': {
      checkParameters(params, ['Identity', 'ResultSize']);
      const identity = param(params, 'Identity');
      const lists = identity === undefined ? [...tenant.groups.values()].filter((g) => g.kind === 'distribution') : [requireList(tenant, String(identity))];
      return { rows: lists.map((g) => groupRow(tenant, g)), warnings: [] };
    }
    case 'get-distributiongroupmember': {
      checkParameters(params, ['Identity', 'ResultSize']);
      const g = requireList(tenant, need(params, 'Identity'));
      const rows = [...g.members].map((id) => [...tenant.users.values()].find((u) => u.id === id)).filter((u): u is SimUser => !!u).map(memberRow);
      return { rows, warnings: [] };
    }
    case 'add-distributiongroupmember': {
      checkParameters(params, ['Identity', 'Member', 'BypassSecurityGroupManagerCheck', 'Confirm']);
      const g = requireList(tenant, need(params, 'Identity'));
      const u = requireRecipient(tenant, need(params, 'Member'));
      requireBypass(params, g);
      if (g.members.has(u.id)) {
        throw new ExchangeCmdletError(400, 'BadRequest', 'Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException', 'Ex4B1C2A', `The recipient "${u.alias}" is already a member of the group "${g.displayName}".`);
      }
      g.members.add(u.id);
      return { rows: [], warnings: [] };
    }
    case 'remove-distributiongroupmember': {
      checkParameters(params, ['Identity', 'Member', 'BypassSecurityGroupManagerCheck', 'Confirm']);
      const g = requireList(tenant, need(params, 'Identity'));
      const u = requireRecipient(tenant, need(params, 'Member'));
      requireBypass(params, g);
      if (!g.members.has(u.id)) {
        throw new ExchangeCmdletError(400, 'BadRequest', 'Microsoft.Exchange.Management.Tasks.MemberNotFoundException', 'Ex7D3E91', `The recipient "${u.alias}" isn't a member of the group "${g.displayName}".`);
      }
      g.members.delete(u.id);
      return { rows: [], warnings: [] };
    }
    default:
      return undefined;
  }
}
