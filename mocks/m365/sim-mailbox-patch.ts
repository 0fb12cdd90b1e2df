import { GB, gbToBytes } from './exchange-size-format.js';
import { bytesToGB, deriveQuotas, itemCountFor, planFor, type SimMailbox } from './m365-sim-state.js';

/** A mailbox in GB, as tests and the sandbox think about it. */
export interface MailboxView {
  quotaGB: number | null;
  prohibitSendGB: number | null;
  issueWarningGB: number | null;
  usedGB: number;
  itemCount: number;
  licenceMaxGB: number;
}

export interface MailboxPatch {
  /** ProhibitSendReceiveQuota; alone, it also re-derives the send and warning quotas. */
  quotaGB?: number | null;
  prohibitSendGB?: number | null;
  issueWarningGB?: number | null;
  usedGB?: number;
  itemCount?: number;
  licenceMaxGB?: number;
}

export function mailboxView(m: SimMailbox): MailboxView {
  return {
    quotaGB: bytesToGB(m.prohibitSendReceiveBytes),
    prohibitSendGB: bytesToGB(m.prohibitSendBytes),
    issueWarningGB: bytesToGB(m.issueWarningBytes),
    usedGB: m.usedBytes / GB,
    itemCount: m.itemCount,
    licenceMaxGB: m.licenceMaxBytes / GB,
  };
}

/** Changes state directly, bypassing Set-Mailbox's checks (to stage odd situations). */
export function applyMailboxPatch(tenantId: string, m: SimMailbox, patch: MailboxPatch): void {
  const toBytes = (gb: number | null) => (gb === null ? null : gbToBytes(gb));
  if (patch.quotaGB !== undefined) Object.assign(m, deriveQuotas(patch.quotaGB));
  if (patch.prohibitSendGB !== undefined) m.prohibitSendBytes = toBytes(patch.prohibitSendGB);
  if (patch.issueWarningGB !== undefined) m.issueWarningBytes = toBytes(patch.issueWarningGB);
  if (patch.usedGB !== undefined) {
    m.usedBytes = gbToBytes(patch.usedGB);
    m.itemCount = itemCountFor(m.usedBytes);
  }
  if (patch.itemCount !== undefined) m.itemCount = patch.itemCount;
  if (patch.licenceMaxGB !== undefined) {
    m.licenceMaxBytes = gbToBytes(patch.licenceMaxGB);
    m.mailboxPlan = planFor(tenantId, m.licenceMaxBytes);
  }
  m.whenChanged = new Date().toISOString();
}
