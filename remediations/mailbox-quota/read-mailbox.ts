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

// A mailbox plan's maximum changes with licensing, not per ticket: read once an hour per tenant.
const PLAN_TTL_MS = 60 * 60_000;
const planCache = new WeakMap<ExchangeAdmin, Map<string, { bytes: number | null; at: number }>>();

async function planMaxBytes(exchange: ExchangeAdmin, plan: string, size: (v: unknown) => number | null): Promise<number | null> {
  const cache = planCache.get(exchange) ?? new Map<string, { bytes: number | null; at: number }>();
  planCache.set(exchange, cache);
  const hit = cache.get(plan);
  if (hit && Date.now() - hit.at < PLAN_TTL_MS) return hit.bytes;
  const [p] = await exchange.invoke('Get-MailboxPlan', { Identity: plan });
  const bytes = size(p?.ProhibitSendReceiveQuota);
  cache.set(plan, { bytes, at: Date.now() });
  return bytes;
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
  const planMax = plan && withStats ? await planMaxBytes(exchange, plan, size) : null;
  return {
    prohibitSendReceiveBytes: size(mbx.ProhibitSendReceiveQuota),
    prohibitSendBytes: size(mbx.ProhibitSendQuota),
    issueWarningBytes: size(mbx.IssueWarningQuota),
    usedBytes,
    mailboxPlan: plan,
    planMaxBytes: planMax,
  };
}
