import { checkParameters, param, requireMailbox, type CmdletResult, type Params } from './exchange-cmdlet-params.js';
import { unknownCmdlet } from './exchange-errors.js';
import { formatExchangeSize } from './exchange-size-format.js';
import type { MailboxUser, SimTenant } from './m365-sim-state.js';
import { getMailboxPlan } from './exchange-mailbox-plan.js';
import { setMailbox } from './exchange-set-mailbox.js';
import { runDistributionCmdlet } from './exchange-distribution-groups.js';
import type { SimFaults } from './sim-faults.js';

export type { CmdletResult } from './exchange-cmdlet-params.js';

function mailboxRow(u: MailboxUser): Record<string, unknown> {
  const m = u.mailbox;
  return {
    Identity: u.alias,
    Name: u.alias,
    Alias: u.alias,
    DisplayName: u.displayName,
    UserPrincipalName: u.userPrincipalName,
    PrimarySmtpAddress: u.mail,
    WindowsEmailAddress: u.mail,
    EmailAddresses: [`SMTP:${u.mail}`],
    RecipientType: 'UserMailbox',
    RecipientTypeDetails: 'UserMailbox',
    ExchangeGuid: m.exchangeGuid,
    Guid: m.exchangeGuid,
    ExternalDirectoryObjectId: u.id,
    MailboxPlan: m.mailboxPlan,
    UseDatabaseQuotaDefaults: false,
    IssueWarningQuota: formatExchangeSize(m.issueWarningBytes),
    ProhibitSendQuota: formatExchangeSize(m.prohibitSendBytes),
    ProhibitSendReceiveQuota: formatExchangeSize(m.prohibitSendReceiveBytes),
    RecoverableItemsQuota: '30 GB (32,212,254,720 bytes)',
    RecoverableItemsWarningQuota: '20 GB (21,474,836,480 bytes)',
    ArchiveStatus: 'None',
    LitigationHoldEnabled: false,
    AccountDisabled: !u.accountEnabled,
    WhenChanged: m.whenChanged,
  };
}

function statisticsRow(u: MailboxUser): Record<string, unknown> {
  const m = u.mailbox;
  return {
    Identity: m.exchangeGuid,
    DisplayName: u.displayName,
    MailboxGuid: m.exchangeGuid,
    MailboxTypeDetail: 'UserMailbox',
    IsArchiveMailbox: false,
    ItemCount: m.itemCount,
    TotalItemSize: formatExchangeSize(m.usedBytes),
    DeletedItemCount: Math.round(m.itemCount / 20),
    TotalDeletedItemSize: formatExchangeSize(Math.round(m.usedBytes / 40)),
    LastLogonTime: new Date(Date.now() - 3_600_000).toISOString(),
    SystemMessageSize: '0 B (0 bytes)',
  };
}

function getMailbox(tenant: SimTenant, params: Params): CmdletResult {
  checkParameters(params, ['Identity', 'ResultSize', 'RecipientTypeDetails']);
  if (param(params, 'Identity') !== undefined) return { rows: [mailboxRow(requireMailbox(tenant, params))], warnings: [] };
  const all = [...tenant.users.values()].filter((u): u is MailboxUser => u.mailbox !== null);
  const size = param(params, 'ResultSize');
  const limit = size === undefined || String(size).toLowerCase() === 'unlimited' ? Infinity : Number(size);
  const rows = all.slice(0, limit).map(mailboxRow);
  // Without ResultSize, Exchange stops at 1000 and says so.
  const warnings = size === undefined && all.length > 1000 ? ['By default, only the first 1000 items are returned.'] : [];
  return { rows, warnings };
}

function getMailboxStatistics(tenant: SimTenant, params: Params): CmdletResult {
  checkParameters(params, ['Identity']);
  return { rows: [statisticsRow(requireMailbox(tenant, params))], warnings: [] };
}

/** Runs one cmdlet against one tenant; throws ExchangeCmdletError like the service would. */
export function runCmdlet(tenant: SimTenant, faults: SimFaults, name: string, params: Params): CmdletResult {
  switch (name.toLowerCase()) {
    case 'get-mailbox':
      return getMailbox(tenant, params);
    case 'get-mailboxstatistics':
      return getMailboxStatistics(tenant, params);
    case 'get-mailboxplan':
      return getMailboxPlan(tenant, params);
    case 'set-mailbox':
      return setMailbox(tenant, faults, params);
    default: {
      const list = runDistributionCmdlet(tenant, name, params);
      if (list) return list;
      throw unknownCmdlet(name);
    }
  }
}
