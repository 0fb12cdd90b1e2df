import { z } from 'zod';

/**
 * A marketplace manifest: what the app registers in one PSA, the permissions its API identity
 * needs, the configuration it asks the MSP for and its public URLs. `install`, `doctor` and the
 * README are driven from these files.
 */
export const Manifest = z.object({
  psa: z.enum(['connectwise', 'autotask', 'halopsa']),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  vendor: z.object({ name: z.string().min(1), url: z.string().url(), support: z.string().email() }),
  description: z.string().min(20),
  /** URL templates relative to the app's publicUrl; {installationId} is filled in. */
  publicUrls: z.object({
    webhook: z.string().startsWith('/webhooks/'),
    deactivation: z.string().startsWith('/webhooks/').optional(),
    admin: z.string().startsWith('/admin'),
  }),
  registers: z
    .array(
      z.object({
        kind: z.enum(['callback', 'webhook', 'notification', 'excluded-resource']),
        api: z.string().min(1),
        events: z.array(z.string().min(1)).min(1),
        description: z.string().min(1),
      }),
    )
    .min(1),
  identity: z.object({ kind: z.string().min(1), setup: z.string().min(1) }),
  permissions: z.array(z.object({ area: z.string().min(1), access: z.string().min(1), why: z.string().min(1) })).min(1),
  config: z
    .array(
      z.object({
        /** Path in the installation config, e.g. connectwise.baseUrl. */
        key: z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z]+)+$/),
        label: z.string().min(1),
        secret: z.boolean(),
        required: z.boolean(),
        description: z.string().min(1),
      }),
    )
    .min(1),
});
export type Manifest = z.infer<typeof Manifest>;
