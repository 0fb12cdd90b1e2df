import express, { type Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import { AuditEvent, AuditQuery } from '../model/audit.js';
import type { Store } from '../store/store.js';
import { parseOr400 } from './admin-http.js';
import { toCsv } from './admin-csv.js';

/** The most events one request reads (the store caps a query at this too). */
const MAX_EVENTS = 10_000;

const Filters = AuditQuery.pick({ ticketId: true, clientId: true, remediationId: true, outcome: true, runId: true, type: true, from: true, to: true });

export const AuditSearchQuery = Filters.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  offset: z.coerce.number().int().min(0).max(MAX_EVENTS - 1).default(0),
});
export const AuditSearchResponse = z.object({ events: z.array(AuditEvent), page: z.object({ offset: z.number().int(), limit: z.number().int(), next: z.number().int().nullable() }) });

export const AuditExportQuery = Filters.extend({ format: z.enum(['csv', 'json']).default('json'), limit: z.coerce.number().int().min(1).max(MAX_EVENTS).default(MAX_EVENTS) });
export const AuditExportJson = z.array(AuditEvent);

export const AuditVerifyResponse = z.object({ ok: z.boolean(), checked: z.number().int(), firstBadSeq: z.number().int().optional(), problem: z.string().optional() });

const CSV_COLUMNS = ['seq', 'at', 'type', 'runId', 'ticketId', 'clientId', 'remediationId', 'outcome', 'actor', 'data', 'prevHash', 'hash'] as const;

/** Audit search (filters, paging), export (CSV or JSON) and chain verification. */
export function adminAuditRoutes(store: Store): Router {
  const r = express.Router();
  r.get('/audit/verify', requireRole('viewer'), async (_req, res) => {
    const v = await store.verifyAudit();
    res.status(v.ok ? 200 : 409).json(v);
  });
  r.get('/audit/export', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(AuditExportQuery, req.query, res);
    if (!q) return;
    const { format, ...query } = q;
    const events = await store.queryAudit(query);
    const name = `ticketfix-audit-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (format === 'json') {
      res.attachment(`${name}.json`).json(events);
      return;
    }
    res.attachment(`${name}.csv`).type('text/csv; charset=utf-8').send(toCsv(CSV_COLUMNS, events.map((e) => CSV_COLUMNS.map((c) => e[c]))));
  });
  r.get('/audit', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(AuditSearchQuery, req.query, res);
    if (!q) return;
    const { offset, limit, ...filters } = q;
    // One more than the page, to know whether there is a next one.
    const events = await store.queryAudit({ ...filters, limit: Math.min(MAX_EVENTS, offset + limit + 1) });
    const page = events.slice(offset, offset + limit);
    res.json({ events: page, page: { offset, limit, next: events.length > offset + limit ? offset + limit : null } });
  });
  return r;
}
