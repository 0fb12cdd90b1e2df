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
  resolutionNote(input, prior, _validation, acted) {
    const url = acted.secrets[LINK_URL];
    const link = url ? { url, expiresAt: acted.secrets[LINK_EXPIRES_AT] ?? 'it expires' } : undefined;
    return [
      `The password of ${input.identity} was reset${input.synced ? ' through SSPR writeback (the account is synced from on-premises AD)' : ''}, as requested by ${String(prior.requester)}${prior.self ? ' (the user themself)' : ' (an authorised requester)'}.`,
      link
        ? `The temporary password is NOT in this ticket. Open this one-time link to see it (it works once, until ${link.expiresAt}): ${link.url}`
        : 'The one-time link to the temporary password could not be recovered (this instance cannot open the sealed link); a technician must reset the password again.',
      'A new password must be chosen at the next sign-in.',
    ].join('\n');
  },
});
