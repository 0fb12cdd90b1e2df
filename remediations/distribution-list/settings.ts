import { z } from 'zod';

/** Per-client settings (config: clients[].remediations.distribution-list.settings). */
export const DistributionListSettings = z.object({
  /** Contacts who may change any list's members without being its owner (no approval needed). */
  authorisedRequesters: z.array(z.string().email().transform((e) => e.toLowerCase())).default([]),
});
export type DistributionListSettings = z.infer<typeof DistributionListSettings>;

export const DistributionListInput = z.object({
  action: z.enum(['add', 'remove']),
  /** The list's primary SMTP address (read from the tenant, not the ticket). */
  list: z.string().email(),
  listName: z.string(),
  member: z.string().email(),
  memberId: z.string().uuid(),
});
export type DistributionListInput = z.infer<typeof DistributionListInput>;
