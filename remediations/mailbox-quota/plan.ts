import type { PlanOutcome, RemediationContext } from '../../src/remediation/define.js';
import { inClientDomains } from '../../src/remediation/targets.js';
import { GB, type MailboxQuotaInput, type MailboxQuotaSettings, quotasFor, toGB } from './settings.js';
import { readMailbox } from './read-mailbox.js';
import { setMailboxParameters } from './set-quota.js';

/**
 * Plans a quota raise for the ticket's PSA contact (never an address from the ticket text):
 * checks the domain before any tenant call, the user in the tenant, usage against the
 * threshold, then raises by the increment up to the licence's maximum.
 */
export async function planQuotaRaise(ctx: RemediationContext<MailboxQuotaSettings>): Promise<PlanOutcome<MailboxQuotaInput>> {
  const { ticket, client, settings } = ctx;
  const email = ticket.contactEmail?.trim().toLowerCase();
  if (!email) return { kind: 'refuse', reason: 'out_of_scope', detail: 'the ticket has no contact email to identify the mailbox' };
  if (!inClientDomains(client, email)) return { kind: 'refuse', reason: 'target_not_in_client', detail: `${email} is not in a verified domain of ${client.name}` };
  const m365 = ctx.m365!;
  const user = await m365.graph.getUser(email);
  if (!user) return { kind: 'refuse', reason: 'target_not_in_client', detail: `${email} is not a user in ${client.name}'s tenant` };
  const identity = user.userPrincipalName.toLowerCase();
  if (!inClientDomains(client, identity)) return { kind: 'refuse', reason: 'target_not_in_client', detail: `${identity} is not in a verified domain of ${client.name}` };

  const mbx = await readMailbox(m365.exchange, identity);
  if (!mbx) return { kind: 'refuse', reason: 'out_of_scope', detail: `${identity} has no mailbox` };
  if (mbx.prohibitSendReceiveBytes === null) return { kind: 'refuse', reason: 'out_of_scope', detail: `${identity} has an unlimited quota; the problem is not the quota` };
  const currentGB = toGB(mbx.prohibitSendReceiveBytes);
  const usedPct = (mbx.usedBytes / mbx.prohibitSendReceiveBytes) * 100;
  const usage = `${toGB(mbx.usedBytes)} GB used of ${currentGB} GB (${usedPct.toFixed(1)}%)`;
  if (usedPct < settings.thresholdPercent) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `the mailbox is not full: ${usage}, below the ${settings.thresholdPercent}% threshold` };
  }
  const maxGB = mbx.planMaxBytes !== null ? toGB(mbx.planMaxBytes) : Infinity;
  if (currentGB >= maxGB) {
    return { kind: 'refuse', reason: 'out_of_scope', detail: `the quota is already at the licence maximum of ${maxGB} GB (${mbx.mailboxPlan}); archiving or a licence change is needed` };
  }
  const newGB = Math.min(currentGB + settings.incrementGB, maxGB);
  const input: MailboxQuotaInput = { identity, ...quotasFor(newGB) };
  const request = m365.exchange.describe('Set-Mailbox', setMailboxParameters(input));
  return {
    kind: 'plan',
    plan: {
      problem: 'mailbox-full',
      targets: [{ type: 'mailbox', id: identity }],
      calls: [{ system: 'exchange', method: request.method, url: request.url, body: request.body, summary: `Set-Mailbox ${identity} ProhibitSendReceiveQuota ${newGB}GB (from ${currentGB}GB)` }],
      prior: {
        prohibitSendReceiveGB: currentGB,
        prohibitSendGB: mbx.prohibitSendBytes !== null ? toGB(mbx.prohibitSendBytes) : null,
        issueWarningGB: mbx.issueWarningBytes !== null ? toGB(mbx.issueWarningBytes) : null,
        usedGB: toGB(mbx.usedBytes),
        usedPercent: Math.round(usedPct * 10) / 10,
      },
      expected: { prohibitSendReceiveBytes: Math.round(newGB * GB) },
      input,
      summary: `raise ${identity}'s mailbox quota from ${currentGB} GB to ${newGB} GB (${usage})`,
      approvalReason: newGB > settings.ceilingGB ? `raises the quota to ${newGB} GB, above the client's ceiling of ${settings.ceilingGB} GB` : undefined,
    },
  };
}
