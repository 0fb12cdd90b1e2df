import type { RemediationContext, ValidationResult } from '../../src/remediation/define.js';
import { generateTempPassword, secretLinks } from '../../src/secret-link/index.js';
import type { PasswordResetInput, PasswordResetSettings } from './settings.js';

/**
 * act -> resolution note: the one-time URL, held in this process only (the store has just the
 * link's hash). A process that dies between the two loses it; the note then says so.
 */
const handoff = new Map<string, { url: string; expiresAt: string }>();

export function takeLink(ticketRef: string): { url: string; expiresAt: string } | undefined {
  const link = handoff.get(ticketRef);
  handoff.delete(ticketRef);
  return link;
}

/**
 * Generates the password, seals it behind a one-time link, then sets it. The link comes first:
 * if the reset fails the link is never published; the other order could leave the user with a
 * password nobody can tell them. The password lives only in this function's variables.
 */
export async function resetPassword(ctx: RemediationContext<PasswordResetSettings>, input: PasswordResetInput): Promise<void> {
  const password = generateTempPassword();
  const link = await secretLinks().issue(
    password,
    { runId: null, ticketId: ctx.ticket.id, clientId: ctx.client.id, remediationId: 'password-reset', about: input.identity },
    ctx.settings.linkTtlHours * 3600_000,
  );
  // Handed over before the call: after an ambiguous failure the engine reads the world, and
  // if the password did change, the note must still carry the link to it.
  handoff.set(input.ticketRef, { url: link.url, expiresAt: link.expiresAt });
  const directory = ctx.m365!.directory;
  if (input.synced) await directory.resetSyncedPassword(input.userId, password);
  else await directory.resetCloudPassword(input.userId, password);
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
