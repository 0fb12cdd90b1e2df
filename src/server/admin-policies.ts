import express, { type Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import { applyOverrides, OVERRIDES_KEY, type StoredOverrides } from '../config/live-overrides.js';
import type { AppConfig } from '../config/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import { POLICY_SOURCES, policyWithSources } from '../engine/policy-sources.js';
import { RemediationPolicy } from '../model/client.js';

const Metadata = z.object({
  owner: z.string(),
  runbook: z.string(),
  reviewDate: z.string(),
  changelog: z.array(z.object({ version: z.string(), date: z.string(), change: z.string() })),
});
export const RemediationsResponse = z.object({
  remediations: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      title: z.string(),
      description: z.string(),
      riskClass: z.string(),
      blastRadius: z.object({ maxTargets: z.number().int() }),
      rollbackPolicy: z.object({ strategy: z.enum(['automatic', 'manual']), description: z.string() }),
      timeEntryMinutes: z.number(),
      needs: z.array(z.string()),
      metadata: Metadata,
      /** Past its review date (as of the request). */
      reviewOverdue: z.boolean(),
    }),
  ),
});
export const PoliciesResponse = z.object({
  dryRun: z.boolean(),
  globalRateLimit: z.object({ max: z.number().int(), windowSeconds: z.number().int() }),
  approvalTtlMinutes: z.number().int(),
  /** The version of the run-time overrides these figures include (0: none). */
  overridesVersion: z.number().int(),
  clients: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      dryRun: z.boolean(),
      shadow: z.boolean(),
      /** The policy in force per remediation: defaults, install-wide policy, the client's own, and run-time overrides. */
      remediations: z.record(z.string(), RemediationPolicy),
      /** Per remediation, where each value above came from, by dotted path (`settings.allowList`). */
      sources: z.record(z.string(), z.record(z.string(), z.enum(POLICY_SOURCES))),
    }),
  ),
});

/** What the automation may do: the policies in force and each remediation's declared metadata. */
export function adminPolicyRoutes(deps: EngineDeps, baseConfig: AppConfig): Router {
  const r = express.Router();
  r.get('/policies', requireRole('viewer'), async (_req, res) => {
    // Built from the file config and the stored overrides (what every instance applies within a second).
    const stored = await deps.store.getKv<StoredOverrides>(OVERRIDES_KEY);
    const overrides = stored?.overrides ?? {};
    const config = applyOverrides(baseConfig, overrides);
    res.json({
      dryRun: config.dryRun,
      globalRateLimit: config.globalRateLimit,
      approvalTtlMinutes: config.approvalTtlMinutes,
      overridesVersion: stored?.version ?? 0,
      clients: config.clients.map((c) => {
        const each = deps.remediations.map((d) => [d.id, policyWithSources(baseConfig, overrides, c.id, d, config)] as const);
        return {
          id: c.id,
          name: c.name,
          dryRun: c.dryRun,
          shadow: c.shadow,
          remediations: Object.fromEntries(each.map(([id, p]) => [id, p.policy])),
          sources: Object.fromEntries(each.map(([id, p]) => [id, p.sources])),
        };
      }),
    });
  });
  r.get('/remediations', requireRole('viewer'), (_req, res) => {
    const today = deps.clock().toISOString().slice(0, 10);
    res.json({
      remediations: deps.remediations.map((d) => ({
        id: d.id,
        version: d.version,
        title: d.title,
        description: d.description,
        riskClass: d.riskClass,
        blastRadius: d.blastRadius,
        rollbackPolicy: d.rollbackPolicy,
        timeEntryMinutes: d.timeEntryMinutes,
        needs: d.needs,
        metadata: d.metadata,
        reviewOverdue: d.metadata.reviewDate < today,
      })),
    });
  });
  return r;
}
