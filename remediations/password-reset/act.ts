import type { RemediationContext, ValidationResult } from '../../src/remediation/define.js';
import { generateTempPassword } from '../../src/secret-link/temp-password.js';
import type { PasswordResetInput, PasswordResetSettings } from './settings.js';

/** The names act hands the resolution note under (kept sealed with the run). */
export const LINK_URL = 'linkUrl';
export const LINK_EXPIRES_AT = 'linkExpiresAt';

/**
 * Generates the password, seals it behind a one-time link, then sets it. The link comes first:
 * if the reset fails the link is never published; the other order could leave the user with a
 * password nobody can tell them. The password lives only in this function's variables; the
 * link's URL is handed to the engine (which keeps it sealed with the run) before the reset call,
 * so after an ambiguous failure or a crash the note can still carry it.
 */
export async function resetPassword(ctx: RemediationContext<PasswordResetSettings>, input: PasswordResetInput): Promise<void> {
  if (!ctx.secretLinks || !ctx.remember) throw new Error('password reset needs the one-time link service and a place to keep the link; nothing was changed');
  // Planning refuses synced users (no app-only reset for them); an input saying otherwise is not ours to act on.
  if (input.synced) throw new Error('password reset of a synced user is not automated; nothing was changed');
  const password = generateTempPassword();
  const link = await ctx.secretLinks.issue(
    password,
    { runId: null, ticketId: ctx.ticket.id, clientId: ctx.client.id, remediationId: 'password-reset', about: input.identity },
    ctx.settings.linkTtlHours * 3600_000,
  );
  await ctx.remember({ secrets: { [LINK_URL]: link.url, [LINK_EXPIRES_AT]: link.expiresAt } });
  await ctx.m365!.directory.resetCloudPassword(input.userId, password);
}

/** The reset took when lastPasswordChangeDateTime moved past the value read at planning. */
export async function checkPasswordChanged(ctx: RemediationContext<PasswordResetSettings>, input: PasswordResetInput, expected: Record<string, unknown>): Promise<ValidationResult> {
  const after = String(expected.lastPasswordChangeAfter);
  const now = await ctx.m365!.directory.lastPasswordChange(input.userId);
  const ok = now !== null && Date.parse(now) > Date.parse(after);
  return {
    ok,
    observed: { lastPasswordChangeDateTime: now },
    message: ok ? `Graph reports lastPasswordChangeDateTime ${now}, after the previous change (${after})` : `Graph reports lastPasswordChangeDateTime ${now ?? 'none'}, not after ${after}: the reset did not take`,
  };
}
