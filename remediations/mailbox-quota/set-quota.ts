import type { ExchangeAdmin } from '../../integrations/m365/types.js';
import type { ValidationResult } from '../../src/remediation/define.js';
import { GB, type MailboxQuotaInput, toGB } from './settings.js';
import { readMailbox } from './read-mailbox.js';

export const setMailboxParameters = (q: MailboxQuotaInput): Record<string, unknown> => ({
  Identity: q.identity,
  ProhibitSendReceiveQuota: `${q.prohibitSendReceiveGB}GB`,
  ProhibitSendQuota: `${q.prohibitSendGB}GB`,
  IssueWarningQuota: `${q.issueWarningGB}GB`,
});

export async function setQuota(exchange: ExchangeAdmin, q: MailboxQuotaInput): Promise<void> {
  await exchange.invoke('Set-Mailbox', setMailboxParameters(q));
}

/** Reads the mailbox again and compares the send/receive quota with what was set. */
export async function checkQuota(exchange: ExchangeAdmin, identity: string, expectedBytes: number): Promise<ValidationResult> {
  const mbx = await readMailbox(exchange, identity, false);
  const observed = { prohibitSendReceiveGB: mbx?.prohibitSendReceiveBytes != null ? toGB(mbx.prohibitSendReceiveBytes) : null };
  // Exchange reports sizes rounded to bytes of a decimal GB value; allow 1 MB of slack.
  const ok = mbx?.prohibitSendReceiveBytes != null && Math.abs(mbx.prohibitSendReceiveBytes - expectedBytes) < 1024 * 1024;
  const want = toGB(expectedBytes);
  return { ok, observed, message: ok ? `Get-Mailbox reports ProhibitSendReceiveQuota ${observed.prohibitSendReceiveGB} GB as expected` : `Get-Mailbox reports ProhibitSendReceiveQuota ${observed.prohibitSendReceiveGB ?? 'unknown'} GB, expected ${want} GB` };
}

export { GB };
