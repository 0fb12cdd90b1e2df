import { z } from 'zod';

/** No per-client knobs yet: every change is approved by a person anyway. */
export const SecurityGroupSettings = z.object({}).loose();
export type SecurityGroupSettings = z.infer<typeof SecurityGroupSettings>;

export const SecurityGroupInput = z.object({
  action: z.enum(['add', 'remove']),
  groupId: z.string().uuid(),
  groupName: z.string(),
  userId: z.string().uuid(),
  member: z.string().email(),
});
export type SecurityGroupInput = z.infer<typeof SecurityGroupInput>;
