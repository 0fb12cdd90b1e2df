/**
 * What a technician spends on a ticket handled by hand, per kind of request, in minutes. These
 * are this project's working assumptions (no outside data behind them), stated in every report
 * so a reader can redo the sums with their own numbers (`--manual-minutes kind=N`):
 *
 * - every ticket: about 5 minutes to pick it up, read it, find the customer and close it with a note;
 * - mailbox-quota (20): look up the mailbox, its usage and licence maximum, raise three quotas, check;
 * - password-reset (15): verify the caller, reset, hand the temporary password over securely;
 * - distribution-list (10) and security-group (15): check the owner's consent, change, confirm;
 * - software-install (30) and service-restart (15): remote session, change, check it runs;
 * - anything else the triage recognises (20).
 */
export const MANUAL_MINUTES: Readonly<Record<string, number>> = {
  'mailbox-quota': 20,
  'password-reset': 15,
  'distribution-list': 10,
  'security-group': 15,
  'software-install': 30,
  'service-restart': 15,
};
export const DEFAULT_MANUAL_MINUTES = 20;
/** A person reading and approving a prepared plan: what an approval still costs. */
export const APPROVAL_REVIEW_MINUTES = 5;

export type ManualEstimates = Record<string, number>;

export function manualMinutes(kind: string | null, estimates: ManualEstimates = {}): number {
  if (!kind) return DEFAULT_MANUAL_MINUTES;
  return estimates[kind] ?? MANUAL_MINUTES[kind] ?? DEFAULT_MANUAL_MINUTES;
}

/** `mailbox-quota=25` pairs from the command line; a malformed pair is an error, not ignored. */
export function parseEstimates(pairs: readonly string[]): ManualEstimates {
  const out: ManualEstimates = {};
  for (const p of pairs) {
    const m = /^([a-z][a-z0-9-]*)=(\d{1,4})$/.exec(p.trim());
    if (!m) throw new Error(`--manual-minutes: '${p.slice(0, 60)}' is not <remediation-id>=<minutes>, e.g. mailbox-quota=25`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}
