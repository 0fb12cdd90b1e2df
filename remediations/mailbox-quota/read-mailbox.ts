import type { ExchangeAdmin } from '../../integrations/m365/types.js';
import { parseExchangeSize } from '../../integrations/m365/exchange-size.js';

export interface MailboxState {
  prohibitSendReceiveBytes: number | null;
  prohibitSendBytes: number | null;
  issueWarningBytes: number | null;
  usedBytes: number;
  mailboxPlan: string | null;
  /** The licence's mailbox-plan maximum, when the plan states one. */
  planMaxBytes: number | null;
}

/** Reads quotas, usage and the mailbox plan's maximum through the Exchange admin endpoint. */
export async function readMailbox(exchange: ExchangeAdmin, identity: string, withStats = true): Promise<MailboxState | null> {
  const [mbx] = await exchange.invoke('Get-Mailbox', { Identity: identity });
  if (!mbx) return null;
  const size = (v: unknown) => parseExchangeSize(typeof v === 'string' ? v : String(v ?? ''));
  let usedBytes = 0;
  if (withStats) {
    const [stats] = await exchange.invoke('Get-MailboxStatistics', { Identity: identity });
    usedBytes = size(stats?.TotalItemSize) ?? 0;
  }
  const plan = typeof mbx.MailboxPlan === 'string' && mbx.MailboxPlan ? mbx.MailboxPlan : null;
  let planMaxBytes: number | null = null;
  if (plan && withStats) {
    const [p] = await exchange.invoke('Get-MailboxPlan', { Identity: plan });
    planMaxBytes = size(p?.ProhibitSendReceiveQuota);
  }
  return {
    prohibitSendReceiveBytes: size(mbx.ProhibitSendReceiveQuota),
    prohibitSendBytes: size(mbx.ProhibitSendQuota),
    issueWarningBytes: size(mbx.IssueWarningQuota),
    usedBytes,
    mailboxPlan: plan,
    planMaxBytes,
  };
}
