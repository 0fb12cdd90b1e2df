import { defineRemediation } from '../../src/remediation/define.js';
import { normalise } from '../../src/triage/normalise.js';
import { checkPasswordChanged, LINK_EXPIRES_AT, LINK_URL, resetPassword } from './act.js';
import { matchPasswordReset } from './match.js';
import { planPasswordReset } from './plan.js';
import { PasswordResetInput, PasswordResetSettings } from './settings.js';

/** Self-service-style password reset; the temporary password reaches the user via a one-time link. */
export const passwordReset = defineRemediation<PasswordResetInput, PasswordResetSettings>({
  id: 'password-reset',
  version: '1.0.0',
  title: 'Password reset',
  description: "Resets a non-admin user's password (Graph; SSPR writeback for synced users) when the user or an authorised requester asks; the temporary password is shown once through an expiring link, never in the ticket.",
  metadata: {
    owner: 'automation-team@msp.example',
    runbook: 'docs/runbooks/password-reset.md',
    reviewDate: '2027-05-31',
    changelog: [{ version: '1.0.0', date: '2026-11-26', change: 'First release: self or authorised requester, no admins, one-time link, validation on lastPasswordChangeDateTime.' }],
  },
  riskClass: 'medium',
  blastRadius: { maxTargets: 1 },
  rollbackPolicy: { strategy: 'manual', description: 'A password cannot be un-reset: a failed validation escalates to a technician.' },
  timeEntryMinutes: 10,
  needs: ['m365'],
  settingsSchema: PasswordResetSettings,
  inputSchema: PasswordResetInput,
  match: (ticket) => matchPasswordReset(normalise({ summary: ticket.summary, description: ticket.description, contactEmail: ticket.contactEmail, source: ticket.psa })),
  plan: (ctx, match) => planPasswordReset(ctx, match),
  act: (ctx, input) => resetPassword(ctx, input),
  validate: (ctx, input, expected) => checkPasswordChanged(ctx, input, expected),
  rollback: () => Promise.resolve({ ok: false, observed: {}, message: 'a password reset cannot be rolled back' }),
  noteVariables: ['account', 'link', 'linkExpires'],
  customerNote(input, _prior, _validation, acted) {
    const url = acted.secrets[LINK_URL];
    const expires = acted.secrets[LINK_EXPIRES_AT] ?? '';
    return {
      problem: `You asked for the password of ${input.identity} to be reset.`,
      action: 'We reset it. For your safety the new temporary password is not written in this ticket.',
      // The one-time link is for the user: it appears in this note only (sealed until delivered), never in the technicians' note.
      nextStep: url
        ? `Open this link to see the temporary password. It works once${expires ? `, until ${expires}` : ''}: ${url}\nYou will be asked to choose your own password when you sign in.`
        : 'A technician will contact you with your new password.',
      values: { account: input.identity, link: url ?? '', linkExpires: expires },
    };
  },
  internalNote(input, prior, _validation, acted) {
    return [
      `The password of ${input.identity} (${input.userId}) was reset, as requested by ${String(prior.requester)}${prior.self ? ' (the user themself)' : ' (an authorised requester)'}.`,
      acted.secrets[LINK_URL]
        ? 'The temporary password is behind a one-time link given to the user in the customer note; it is not repeated here.'
        : 'The one-time link to the temporary password could not be recovered (this instance cannot open the sealed link); reset the password again.',
      'A new password must be chosen at the next sign-in.',
    ].join('\n');
  },
});
