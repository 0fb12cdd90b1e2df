import { checkParameters, param, type CmdletResult, type Params } from './exchange-cmdlet-params.js';
import { notFound } from './exchange-errors.js';
import { formatExchangeSize } from './exchange-size-format.js';
import { bytesToGB, deriveQuotas, type SimTenant } from './m365-sim-state.js';

/**
 * Get-MailboxPlan: one plan per licence in use in the tenant. The plan's
 * ProhibitSendReceiveQuota is the licence's maximum (100 GB for E3, 50 GB for Business
 * Standard), which is also the ceiling Set-Mailbox enforces.
 */
export function getMailboxPlan(tenant: SimTenant, params: Params): CmdletResult {
  checkParameters(params, ['Identity']);
  const plans = new Map<string, number>();
  for (const u of tenant.users.values()) if (u.mailbox) plans.set(u.mailbox.mailboxPlan, u.mailbox.licenceMaxBytes);
  const identity = param(params, 'Identity');
  const rows = [...plans.entries()]
    .filter(([name]) => identity === undefined || [name, name.split('-')[0]].some((n) => n?.toLowerCase() === String(identity).toLowerCase()))
    .map(([name, maxBytes]) => {
      const q = deriveQuotas(bytesToGB(maxBytes));
      const displayName = name.split('-')[0] ?? name;
      return {
        Identity: name,
        Name: name,
        DisplayName: displayName,
        IsDefault: displayName === 'ExchangeOnlineEnterprise',
        ProhibitSendReceiveQuota: formatExchangeSize(q.prohibitSendReceiveBytes),
        ProhibitSendQuota: formatExchangeSize(q.prohibitSendBytes),
        IssueWarningQuota: formatExchangeSize(q.issueWarningBytes),
        MaxSendSize: '35 MB (36,700,160 bytes)',
        MaxReceiveSize: '36 MB (37,748,736 bytes)',
        RecoverableItemsQuota: '30 GB (32,212,254,720 bytes)',
        RetainDeletedItemsFor: '14.00:00:00',
      };
    });
  if (identity !== undefined && rows.length === 0) throw notFound(String(identity));
  return { rows, warnings: [] };
}
