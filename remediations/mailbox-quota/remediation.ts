import { defineRemediation } from '../../src/remediation/define.js';
import { matchMailboxFull } from './match.js';
import { planQuotaRaise } from './plan.js';
import { checkQuota, setQuota } from './set-quota.js';
import { GB, MailboxQuotaInput, MailboxQuotaSettings, quotasFor } from './settings.js';

/** Mailbox quota expansion: the worked example of a remediation. */
export const mailboxQuota = defineRemediation<MailboxQuotaInput, MailboxQuotaSettings>({
  id: 'mailbox-quota',
  version: '1.0.0',
  title: 'Mailbox quota expansion',
  description: "Raises a full Exchange Online mailbox's quota by the client's increment, up to the licence maximum; above the client's ceiling it asks for approval.",
  metadata: {
    owner: 'automation-team@msp.example',
    runbook: 'docs/runbooks/mailbox-quota.md',
    reviewDate: '2027-05-31',
    changelog: [{ version: '1.0.0', date: '2026-11-26', change: 'First release: threshold, increment, ceiling approval, licence maximum, rollback.' }],
  },
  riskClass: 'low',
  blastRadius: { maxTargets: 1 },
  rollbackPolicy: { strategy: 'automatic', description: 'Set-Mailbox back to the three quotas read before the change.' },
  timeEntryMinutes: 15,
  needs: ['m365'],
  settingsSchema: MailboxQuotaSettings,
  inputSchema: MailboxQuotaInput,
  match: matchMailboxFull,
  plan: (ctx) => planQuotaRaise(ctx),
  act: (ctx, input) => setQuota(ctx.m365!.exchange, input),
  validate: (ctx, input, expected) => checkQuota(ctx.m365!.exchange, input.identity, Number(expected.prohibitSendReceiveBytes)),
  async rollback(ctx, input, prior) {
    const priorGB = Number(prior.prohibitSendReceiveGB);
    const restore = { identity: input.identity, ...quotasFor(priorGB), ...numberOr(prior, 'prohibitSendGB', 'issueWarningGB') };
    await setQuota(ctx.m365!.exchange, restore);
    return checkQuota(ctx.m365!.exchange, input.identity, Math.round(priorGB * GB));
  },
  noteVariables: ['mailbox', 'usedPercent', 'oldQuotaGB', 'newQuotaGB'],
  customerNote(input, prior) {
    return {
      problem: `Your mailbox ${input.identity} was ${String(prior.usedPercent)}% full, so new mail could stop arriving.`,
      action: `We raised its size limit from ${String(prior.prohibitSendReceiveGB)} GB to ${input.prohibitSendReceiveGB} GB.`,
      nextStep: 'You can send and receive mail as usual; there is nothing you need to do.',
      values: { mailbox: input.identity, usedPercent: String(prior.usedPercent), oldQuotaGB: String(prior.prohibitSendReceiveGB), newQuotaGB: String(input.prohibitSendReceiveGB) },
    };
  },
  internalNote(input, prior) {
    return [
      `The mailbox ${input.identity} was ${prior.usedPercent}% full (${prior.usedGB} GB of ${prior.prohibitSendReceiveGB} GB).`,
      `Its quota was raised from ${prior.prohibitSendReceiveGB} GB to ${input.prohibitSendReceiveGB} GB (send limit ${input.prohibitSendGB} GB, warning at ${input.issueWarningGB} GB).`,
    ].join('\n');
  },
});

function numberOr(prior: Record<string, unknown>, ...keys: ('prohibitSendGB' | 'issueWarningGB')[]): Partial<MailboxQuotaInput> {
  const out: Partial<MailboxQuotaInput> = {};
  for (const k of keys) if (typeof prior[k] === 'number') out[k] = prior[k] as number;
  return out;
}
