import { z } from 'zod';

/** Tactical RMM API shapes this app reads (only the fields it uses; the rest pass through). */
export const TacticalAgent = z.object({
  agent_id: z.string(),
  hostname: z.string(),
  client: z.union([z.number(), z.string()]).transform(String),
  client_name: z.string().optional(),
  site_name: z.string().optional(),
  status: z.string().optional(),
  operating_system: z.string().optional(),
});

export const TacticalService = z.object({
  name: z.string(),
  display_name: z.string(),
  status: z.string(),
  start_type: z.string().optional(),
});

export const TacticalSoftwareList = z.object({
  software: z.array(z.object({ name: z.string(), version: z.string().optional() })),
});

export const TacticalPendingActions = z.array(
  z.object({
    id: z.number(),
    action_type: z.string(),
    status: z.string(),
    details: z.object({ name: z.string().optional(), output: z.string().nullable().optional(), installed: z.boolean().optional(), retcode: z.number().optional() }).passthrough(),
  }),
);

export const TacticalHistory = z.array(
  z.object({
    id: z.number(),
    script: z.number().nullable().optional(),
    script_results: z.object({ stdout: z.string(), stderr: z.string(), retcode: z.number() }).nullable().optional(),
  }),
);

export const TacticalChecks = z.array(
  z.object({
    id: z.number(),
    check_result: z.object({ status: z.string() }).nullable().optional(),
  }),
);
