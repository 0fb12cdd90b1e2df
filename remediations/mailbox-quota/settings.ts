import { z } from 'zod';

/** Per-client policy settings (config: remediations.mailbox-quota.settings). */
export const MailboxQuotaSettings = z.object({
  /** Act only when the mailbox is at least this full. */
  thresholdPercent: z.number().min(1).max(100).default(90),
  /** How much to add per execution. */
  incrementGB: z.number().positive().max(100).default(10),
  /** Above this the raise needs a person's approval (licences still cap it). */
  ceilingGB: z.number().positive().default(100),
});
export type MailboxQuotaSettings = z.infer<typeof MailboxQuotaSettings>;

export const MailboxQuotaInput = z.object({
  identity: z.string().email(),
  prohibitSendReceiveGB: z.number().positive(),
  prohibitSendGB: z.number().positive(),
  issueWarningGB: z.number().positive(),
});
export type MailboxQuotaInput = z.infer<typeof MailboxQuotaInput>;

/** The three quotas are raised together, keeping Exchange's warning < send < send/receive order. */
export function quotasFor(sendReceiveGB: number): Omit<MailboxQuotaInput, 'identity'> {
  return { prohibitSendReceiveGB: sendReceiveGB, prohibitSendGB: sendReceiveGB - 0.5, issueWarningGB: sendReceiveGB - 1 };
}

export const GB = 1024 ** 3;
export const toGB = (bytes: number): number => Math.round((bytes / GB) * 100) / 100;
