import { defineRemediation } from '../../src/remediation/define.js';
import { normalise } from '../../src/triage/normalise.js';
import { changeMembership, checkMembership } from './graph-membership.js';
import { matchSecurityGroup } from './match.js';
import { planGroupChange } from './plan.js';
import { SecurityGroupInput, SecurityGroupSettings } from './settings.js';

/** Security group membership through Graph; security posture, so always behind an approval. */
export const securityGroup = defineRemediation<SecurityGroupInput, SecurityGroupSettings>({
  id: 'security-group',
  version: '1.0.0',
  title: 'Security group membership',
  description: "Adds a user to, or removes one from, an existing (non-role-assignable) security group of the client's tenant via Graph, after a person approves the exact plan.",
  metadata: {
    owner: 'automation-team@msp.example',
    runbook: 'docs/runbooks/security-group.md',
    reviewDate: '2027-05-31',
    changelog: [{ version: '1.0.0', date: '2026-11-26', change: 'First release: approval always, checkMemberGroups validation, rollback.' }],
  },
  riskClass: 'security',
  blastRadius: { maxTargets: 1 },
  rollbackPolicy: { strategy: 'automatic', description: 'The opposite membership call restores the prior membership.' },
  timeEntryMinutes: 5,
  needs: ['m365'],
  settingsSchema: SecurityGroupSettings,
  inputSchema: SecurityGroupInput,
  match: (ticket) => matchSecurityGroup(normalise({ summary: ticket.summary, description: ticket.description, contactEmail: ticket.contactEmail, source: ticket.psa })),
  plan: (ctx, match) => planGroupChange(ctx, match),
  act: (ctx, input) => changeMembership(ctx.m365!.directory, input.action, input),
  validate: (ctx, input, expected) => checkMembership(ctx.m365!.directory, input, expected.member === true),
  async rollback(ctx, input, prior) {
    await changeMembership(ctx.m365!.directory, input.action === 'add' ? 'remove' : 'add', input).catch(() => undefined);
    return checkMembership(ctx.m365!.directory, input, prior.member === true);
  },
  noteVariables: ['member', 'groupName', 'change'],
  customerNote(input) {
    const change = input.action === 'add' ? 'added to' : 'removed from';
    return {
      problem: `You asked for ${input.member} to be ${change} the ${input.groupName} group.`,
      action: `After approval, ${input.member} was ${change} ${input.groupName}.`,
      nextStep: 'The change in access can take up to an hour to reach every app; signing out and back in speeds it up.',
      values: { member: input.member, groupName: input.groupName, change },
    };
  },
  internalNote(input, prior) {
    return `${input.member} (${input.userId}) was ${input.action === 'add' ? 'added to' : 'removed from'} the security group ${input.groupName} (${input.groupId}) after approval, as requested by ${String(prior.requester)}.`;
  },
});
