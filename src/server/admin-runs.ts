import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import { AuditEvent } from '../model/audit.js';
import { Run, RunState } from '../model/run.js';
import type { Store } from '../store/store.js';
import { OutboxRecord } from '../store/records.js';
import { parseOr400, sendError } from './admin-http.js';
import { outboxForView, runForView } from './redact-for-view.js';
import { redactLinksDeep } from '../secret-link/redact-links.js';

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time');

export const RunsQuery = z.object({
  ticketId: z.string().optional(),
  clientId: z.string().optional(),
  remediationId: z.string().optional(),
  state: RunState.optional(),
  /** Created at or after / at or before (inclusive). */
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(9000).default(0),
});

export const RunsResponse = z.object({ runs: z.array(Run), page: z.object({ offset: z.number().int(), limit: z.number().int(), next: z.number().int().nullable() }) });

const Step = z.object({ events: z.array(AuditEvent) });
export const RunDetailResponse = z.object({
  run: Run,
  /** Every audit event of the run, in order. */
  timeline: z.array(AuditEvent),
  /** The evidence of each of the five steps. */
  steps: z.object({
    detect: Step.extend({ signal: z.record(z.string(), z.unknown()).nullable() }),
    decide: Step.extend({ classification: Run.shape.classification, plan: Run.shape.plan, approvalId: z.string().nullable() }),
    act: Step.extend({ actedAt: z.string().nullable(), dryRun: z.boolean() }),
    validate: Step.extend({ validation: Run.shape.validation }),
    document: Step.extend({ writeBacks: z.array(OutboxRecord) }),
  }),
  /** Kept for callers of the first version of this route: the same as timeline / document.writeBacks. */
  audit: z.array(AuditEvent),
  outbox: z.array(OutboxRecord),
});

// Which step an audit event belongs to, by its type.
const STEP_OF: Array<[RegExp, 'detect' | 'decide' | 'act' | 'validate' | 'document']> = [
  [/^received$/, 'detect'],
  [/^(acting|acted|act\..*|dry_run|rolled_back|rollback\..*)$/, 'act'],
  [/^(validated|validation\..*)$/, 'validate'],
  [/^(documented|resolved|escalated|shadow\..*|write_back\..*)$/, 'document'],
];
const stepOf = (type: string) => STEP_OF.find(([re]) => re.test(type))?.[1] ?? 'decide';

/** Runs: a filtered, paged list and one run with its timeline and the evidence of each step. */
export function adminRunRoutes(store: Store): Router {
  const r = express.Router();
  r.get('/runs', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(RunsQuery, req.query, res);
    if (!q) return;
    const timed = q.from !== undefined || q.to !== undefined;
    // The store filters by fields; the time range and paging are applied here (newest first).
    const all = await store.listRuns({ ticketId: q.ticketId, clientId: q.clientId, remediationId: q.remediationId, state: q.state, limit: timed ? 10_000 : q.offset + q.limit + 1 });
    const from = q.from ? Date.parse(q.from) : -Infinity;
    const to = q.to ? Date.parse(q.to) : Infinity;
    const inRange = timed ? all.filter((run) => Date.parse(run.createdAt) >= from && Date.parse(run.createdAt) <= to) : all;
    const runs = inRange.slice(q.offset, q.offset + q.limit);
    const more = inRange.length > q.offset + q.limit;
    res.json({ runs: runs.map(runForView), page: { offset: q.offset, limit: q.limit, next: more ? q.offset + q.limit : null } });
  });
  r.get('/runs/:id', requireRole('viewer'), async (req: Request<{ id: string }>, res) => {
    const run = await store.getRun(req.params.id);
    if (!run) return sendError(res, 404, 'not_found', `no run '${req.params.id}'`);
    const [stored, found, signal] = await Promise.all([store.queryAudit({ runId: run.id, limit: 10_000 }), store.listOutbox({ runId: run.id }), store.getSignal(run.signalId)]);
    const timeline = redactLinksDeep(stored);
    const outbox = found.map(outboxForView);
    const shown = runForView(run);
    const events = (step: string) => timeline.filter((e) => stepOf(e.type) === step);
    res.json({
      run: shown,
      timeline,
      steps: {
        detect: { events: events('detect'), signal: signal ? redactLinksDeep({ ...signal }) : null },
        decide: { events: events('decide'), classification: shown.classification, plan: shown.plan, approvalId: run.approvalId },
        act: { events: events('act'), actedAt: run.actedAt, dryRun: run.dryRun },
        validate: { events: events('validate'), validation: shown.validation },
        document: { events: events('document'), writeBacks: outbox },
      },
      audit: timeline,
      outbox,
    });
  });
  return r;
}
