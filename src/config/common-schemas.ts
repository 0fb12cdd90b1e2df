import { z } from 'zod';

export const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name (secrets come from the environment, never from this file)');

export const installationId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

export const StatusNamesSchema = z
  .object({
    inProgress: z.string().default('In Progress'),
    awaitingApproval: z.string().default('Waiting Approval'),
    escalated: z.string().default('Escalated'),
    resolved: z.string().default('Resolved'),
  })
  .default({ inProgress: 'In Progress', awaitingApproval: 'Waiting Approval', escalated: 'Escalated', resolved: 'Resolved' });
