import { z } from 'zod';

/**
 * Tactical RMM API shapes this app reads (only the fields it uses; the rest pass through).
 * Sources: amidaware/tacticalrmm api/tacticalrmm/ (serializers and views named per shape).
 */

/**
 * GET /agents/<agent_id>/ (agents/serializers.py AgentSerializer): `client` is the client's NAME
 * (`ReadOnlyField(source="client.name")`), `site` the site's pk, `monitoring_type` server|workstation.
 */
export const TacticalAgent = z.object({
  agent_id: z.string(),
  hostname: z.string(),
  client: z.string().min(1),
  site: z.number().optional(),
  site_name: z.string().optional(),
  status: z.string().optional(),
  operating_system: z.string().nullable().optional(),
  monitoring_type: z.string().optional(),
  plat: z.string().optional(),
});

/**
 * GET /services/<agent_id>/<svc>/ answers the agent's WindowsService struct (wh1te909/trmm-shared
 * types.go). A service that does not exist answers 200 with every field zero-valued (rmmagent
 * agent/services_windows.go GetServiceDetail returns the empty struct): `name` '' means missing.
 */
export const TacticalService = z.object({
  name: z.string().optional(),
  display_name: z.string().optional(),
  status: z.string().optional(),
  start_type: z.string().optional(),
});

/** One installed program (trmm-shared types.go WinSoftwareList). */
const InstalledProgram = z.object({ name: z.string(), version: z.string().optional() }).loose();

/**
 * GET /software/<agent_id>/ (software/views.py GetSoftware.get): the InstalledSoftware row
 * `{id, agent, software: [...]}`, or `[]` when the agent has no inventory yet.
 */
export const TacticalSoftwareList = z.union([z.object({ software: z.array(InstalledProgram) }).loose(), z.array(z.unknown()).max(0)]);

export const TacticalPendingActions = z.array(
  z.object({
    id: z.number(),
    action_type: z.string(),
    status: z.string(),
    // apiv4/views.py ChocoResultV4 writes {name, output, installed}; no exit code.
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

/**
 * GET /agents/<agent_id>/checks/ (agents/urls.py alias of checks/views.py GetAddChecks; there is
 * no /checks/<agent_id>/). `check_result` is `{}` until the check has run (CheckSerializer).
 */
export const TacticalChecks = z.array(
  z.object({
    id: z.number(),
    check_type: z.string().optional(),
    script: z.number().nullable().optional(),
    check_result: z
      .object({ status: z.string().optional(), stdout: z.string().nullable().optional(), retcode: z.number().nullable().optional() })
      .loose()
      .nullable()
      .optional(),
  }),
);
