import { z } from 'zod';
import type { Role } from '../auth/roles.js';
import { ApprovalDetailResponse, ApprovalsQuery, ApprovalsResponse, DecisionBody, DecisionResponse } from './admin-approvals.js';
import { LinkDecisionBody, LinkDetailResponse } from './admin-approval-links.js';
import { AuditExportJson, AuditExportQuery, AuditSearchQuery, AuditSearchResponse, AuditVerifyResponse } from './admin-audit.js';
import { DryRunBody, DryRunResponse, OverridesBody, OverridesResponse } from './admin-config.js';
import { CreateKeyBody, CreateKeyResponse, KeysResponse, RevokeKeyResponse, WhoamiResponse } from './admin-keys.js';
import { KillBody, KillSwitchesResponse } from './admin-kill-switch.js';
import { PoliciesResponse, RemediationsResponse } from './admin-policies.js';
import { RunDetailResponse, RunsQuery, RunsResponse } from './admin-runs.js';
import { RunLabelBody, RunLabelResponse } from './admin-run-labels.js';

/** One documented operation of the admin API; paths in Express form (`/runs/:id`), under /admin. */
export interface AdminOperation {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  /** The least role that may call it; null: no credential needed. */
  role: Role | null;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success answer: status and schema (a string schema means a non-JSON media type). */
  ok: { status: number; schema: z.ZodType; mediaType?: string };
  /** Error statuses the route answers besides 401/403 (always possible when role is set). */
  errors?: number[];
}

const Stats = z.record(z.string(), z.unknown()).describe('dashboard figures per day; see src/server/admin-stats.ts');

export const ADMIN_OPERATIONS: AdminOperation[] = [
  { method: 'get', path: '/openapi.json', summary: 'This description', role: null, ok: { status: 200, schema: z.record(z.string(), z.unknown()) } },
  { method: 'get', path: '/whoami', summary: 'The caller: key id, name and role', role: 'viewer', ok: { status: 200, schema: WhoamiResponse } },
  { method: 'get', path: '/runs', summary: 'Runs, newest first, filtered and paged', role: 'viewer', query: RunsQuery, ok: { status: 200, schema: RunsResponse }, errors: [400] },
  { method: 'get', path: '/runs/:id', summary: 'One run with its timeline and the evidence of each step', role: 'viewer', ok: { status: 200, schema: RunDetailResponse }, errors: [404] },
  { method: 'get', path: '/runs/:id/label', summary: "The operator's right/wrong label on a run, if any", role: 'viewer', ok: { status: 200, schema: RunLabelResponse }, errors: [404] },
  { method: 'post', path: '/runs/:id/label', summary: 'Label a run right or wrong (audited; read by evaluations)', role: 'approver', body: RunLabelBody, ok: { status: 200, schema: RunLabelResponse }, errors: [400, 404] },
  { method: 'get', path: '/audit', summary: 'Audit search (ticket, client, remediation, outcome, time range), paged', role: 'viewer', query: AuditSearchQuery, ok: { status: 200, schema: AuditSearchResponse }, errors: [400] },
  { method: 'get', path: '/audit/export', summary: 'Audit export as CSV (spreadsheet-safe) or JSON', role: 'viewer', query: AuditExportQuery, ok: { status: 200, schema: AuditExportJson }, errors: [400] },
  { method: 'get', path: '/audit/verify', summary: 'Recompute the audit hash chain (409 when broken)', role: 'viewer', ok: { status: 200, schema: AuditVerifyResponse }, errors: [409] },
  { method: 'get', path: '/approvals', summary: 'Approvals, optionally by status', role: 'viewer', query: ApprovalsQuery, ok: { status: 200, schema: ApprovalsResponse }, errors: [400] },
  { method: 'get', path: '/approvals/:id', summary: 'One approval with the exact plan it is bound to', role: 'viewer', ok: { status: 200, schema: ApprovalDetailResponse }, errors: [404] },
  { method: 'post', path: '/approvals/:id/approve', summary: 'Approve the plan with this hash', role: 'approver', body: DecisionBody, ok: { status: 200, schema: DecisionResponse }, errors: [400, 404, 409] },
  { method: 'post', path: '/approvals/:id/deny', summary: 'Deny the plan with this hash', role: 'approver', body: DecisionBody, ok: { status: 200, schema: DecisionResponse }, errors: [400, 404, 409] },
  { method: 'get', path: '/approval-links/:token', summary: 'The approval an approval link names, with its plan', role: 'approver', ok: { status: 200, schema: LinkDetailResponse }, errors: [400, 404, 410] },
  { method: 'post', path: '/approval-links/:token/approve', summary: 'Approve through a single-use approval link', role: 'approver', body: LinkDecisionBody, ok: { status: 200, schema: DecisionResponse }, errors: [400, 404, 409, 410] },
  { method: 'post', path: '/approval-links/:token/deny', summary: 'Deny through a single-use approval link', role: 'approver', body: LinkDecisionBody, ok: { status: 200, schema: DecisionResponse }, errors: [400, 404, 409, 410] },
  { method: 'get', path: '/kill-switch', summary: 'Kill switch state (global, client, remediation)', role: 'viewer', ok: { status: 200, schema: KillSwitchesResponse } },
  { method: 'post', path: '/kill-switch', summary: 'Engage or release a kill switch (unknown ids: 400 listing the valid ones)', role: 'admin', body: KillBody, ok: { status: 200, schema: KillSwitchesResponse }, errors: [400] },
  { method: 'get', path: '/policies', summary: 'The policy in force per client and remediation, and where each value came from', role: 'viewer', ok: { status: 200, schema: PoliciesResponse } },
  { method: 'get', path: '/remediations', summary: 'Remediations with their metadata (owner, runbook, changelog, review date)', role: 'viewer', ok: { status: 200, schema: RemediationsResponse } },
  { method: 'get', path: '/config-overrides', summary: 'Run-time policy overrides', role: 'viewer', ok: { status: 200, schema: OverridesResponse } },
  { method: 'put', path: '/config-overrides', summary: 'Replace the run-time overrides: patches merged into the file config, checked like it', role: 'admin', body: OverridesBody, ok: { status: 200, schema: OverridesResponse }, errors: [400] },
  { method: 'post', path: '/dry-run', summary: 'What the loop would do with a ticket; changes nothing', role: 'admin', body: DryRunBody, ok: { status: 200, schema: DryRunResponse }, errors: [400, 404, 503] },
  { method: 'get', path: '/keys', summary: 'API keys (never their secrets)', role: 'admin', ok: { status: 200, schema: KeysResponse } },
  { method: 'post', path: '/keys', summary: 'Create an API key; the key is in this answer only', role: 'admin', body: CreateKeyBody, ok: { status: 201, schema: CreateKeyResponse }, errors: [400] },
  { method: 'post', path: '/keys/:id/revoke', summary: 'Revoke an API key', role: 'admin', ok: { status: 200, schema: RevokeKeyResponse }, errors: [404, 409] },
  { method: 'get', path: '/stats', summary: 'Dashboard figures', role: 'viewer', query: z.object({ days: z.coerce.number().int().min(1).max(90).optional() }), ok: { status: 200, schema: Stats }, errors: [400] },
  // Mounted beside the admin router (src/server/admin-operations.ts) with adminGuards(..., 'viewer').
  { method: 'get', path: '/operations/alerts', summary: 'Alerts from the scheduled safety jobs', role: 'viewer', query: z.object({ kind: z.string().optional(), from: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }), ok: { status: 200, schema: z.object({ alerts: z.array(z.record(z.string(), z.unknown())) }) }, errors: [400] },
  { method: 'get', path: '/operations/self-check', summary: 'The last scheduled self-check', role: 'viewer', ok: { status: 200, schema: z.record(z.string(), z.unknown()) } },
  { method: 'get', path: '/operations/drills', summary: 'Kill-switch drill history', role: 'viewer', query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }), ok: { status: 200, schema: z.object({ drills: z.array(z.record(z.string(), z.unknown())) }) }, errors: [400] },
];
