import { defineRemediation } from '../../src/remediation/define.js';
import { normalise } from '../../src/triage/normalise.js';
import { changeMembership, checkMembership } from './exchange-lists.js';
import { matchDistributionList } from './match.js';
import { planListChange } from './plan.js';
import { DistributionListInput, DistributionListSettings } from './settings.js';

/** Distribution list membership through Exchange (Graph cannot write distribution lists). */
export const distributionList = defineRemediation<DistributionListInput, DistributionListSettings>({
  id: 'distribution-list',
  version: '1.0.0',
  title: 'Distribution list membership',
  description: "Adds a user to, or removes one from, an existing distribution list of the client's tenant via the Exchange admin API; a requester who does not manage the list needs an approval.",
  metadata: {
    owner: 'automation-team@msp.example',
    runbook: 'docs/runbooks/distribution-list.md',
    reviewDate: '2027-05-31',
    changelog: [{ version: '1.0.0', date: '2026-11-26', change: 'First release: existing lists only, owner or authorised requester, validation and rollback.' }],
  },
  riskClass: 'low',
  blastRadius: { maxTargets: 1 },
  rollbackPolicy: { strategy: 'automatic', description: 'The opposite cmdlet (Remove-/Add-DistributionGroupMember) restores the prior membership.' },
  timeEntryMinutes: 5,
  needs: ['m365'],
  settingsSchema: DistributionListSettings,
  inputSchema: DistributionListInput,
  match: (ticket) => matchDistributionList(normalise({ summary: ticket.summary, description: ticket.description, contactEmail: ticket.contactEmail, source: ticket.psa })),
  plan: (ctx, match) => planListChange(ctx, match),
  act: (ctx, input) => changeMembership(ctx.m365!.exchange, input.action, input),
  validate: (ctx, input, expected) => checkMembership(ctx.m365!.exchange, input, expected.member === true),
  async rollback(ctx, input, prior) {
    await changeMembership(ctx.m365!.exchange, input.action === 'add' ? 'remove' : 'add', input).catch(() => undefined);
    return checkMembership(ctx.m365!.exchange, input, prior.member === true);
  },
  noteVariables: ['member', 'listName', 'listAddress', 'change'],
  customerNote(input) {
    const change = input.action === 'add' ? 'added to' : 'removed from';
    return {
      problem: `You asked for ${input.member} to be ${change} the ${input.listName} mailing list.`,
      action: `Done: ${input.member} is now ${change} ${input.listName} (${input.list}).`,
      nextStep: input.action === 'add' ? 'Messages sent to the list from now on will arrive; earlier ones are not re-sent.' : '',
      values: { member: input.member, listName: input.listName, listAddress: input.list, change },
    };
  },
  internalNote(input, prior) {
    return [
      `${input.member} (${input.memberId}) was ${input.action === 'add' ? 'added to' : 'removed from'} the distribution list ${input.listName} (${input.list}), as requested by ${String(prior.requester)}${prior.requesterOwnsList ? ', who manages the list' : ''}.`,
      `The list had ${String(prior.memberCount)} member(s) before the change.`,
    ].join('\n');
  },
});
