import express, { type Router } from 'express';
import { z } from 'zod';
import type { EngineDeps } from '../engine/deps.js';
import type { Run } from '../model/run.js';

/** Runs read per request; the console shows weeks, not years. */
const MAX_RUNS = 10_000;
const DAY_MS = 86_400_000;

export const StatsQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });

export interface DayStats {
  day: string;
  ticketsSeen: number;
  resolved: number;
  escalated: number;
  awaitingApproval: number;
  dryRun: number;
  validationFailures: number;
  hoursSaved: number;
}

export interface RemediationHealth {
  id: string;
  title: string;
  version: string;
  riskClass: string;
  runs: number;
  resolved: number;
  escalated: number;
  validationFailures: number;
  breakerTrips: number;
  /** Resolved runs whose requester replied within the reopen window (the ticket went back to a technician). */
  reopened: number;
  /** Runs that acted and failed: rolled back, or escalated because the change did not validate. */
  failed: number;
  /** Live outcome rate: resolutions that held / runs that acted (resolved + failed); null before any. */
  outcomeRate: number | null;
}

export interface Stats {
  from: string;
  to: string;
  days: DayStats[];
  totals: { ticketsSeen: number; resolved: number; escalated: number; awaitingApproval: number; automatedResolutionRate: number | null; hoursSaved: number; validationFailures: number };
  escalationsByReason: Record<string, number>;
  validationFailuresByRemediation: Record<string, number>;
  remediations: RemediationHealth[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const isEscalated = (r: Run) => r.state === 'escalated' || r.state === 'rolled_back';

/**
 * The dashboard's figures over the last `days` UTC days, computed from the store's runs and
 * audit trail: tickets seen (distinct tickets with a run), automated resolutions, escalations by
 * reason, validation failures by remediation, and hours saved (each resolved run's declared
 * `timeEntryMinutes`). Read-only.
 */
export async function computeStats(deps: EngineDeps, days: number): Promise<Stats> {
  const now = deps.clock();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
  const from = start.toISOString();
  const runs = (await deps.store.listRuns({ limit: MAX_RUNS })).filter((r) => r.createdAt >= from);
  const failures = await deps.store.queryAudit({ type: 'validation.failed', from, limit: MAX_RUNS });
  const trips = await deps.store.queryAudit({ type: 'circuit_breaker.tripped', from, limit: MAX_RUNS });
  // A reopening always comes after its run was created, so `from` keeps every one of these runs' reopenings.
  const reopenedRuns = new Set((await deps.store.queryAudit({ type: 'run.reopened', from, limit: MAX_RUNS })).map((e) => e.runId));
  const minutes = new Map(deps.remediations.map((r) => [r.id, r.timeEntryMinutes]));

  const byDay = new Map<string, DayStats & { tickets: Set<string> }>();
  for (let i = 0; i < days; i++) {
    const day = new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    byDay.set(day, { day, ticketsSeen: 0, resolved: 0, escalated: 0, awaitingApproval: 0, dryRun: 0, validationFailures: 0, hoursSaved: 0, tickets: new Set() });
  }
  const escalationsByReason: Record<string, number> = {};
  const seen = new Set<string>();
  for (const r of runs) {
    const d = byDay.get(r.createdAt.slice(0, 10));
    if (!d) continue;
    const ticketKey = `${r.installationId}/${r.ticketId}`;
    d.tickets.add(ticketKey);
    seen.add(ticketKey);
    if (r.state === 'resolved') {
      d.resolved++;
      d.hoursSaved += (minutes.get(r.remediationId ?? '') ?? 0) / 60;
    } else if (isEscalated(r)) {
      d.escalated++;
      const reason = r.escalationReason ?? 'unknown';
      escalationsByReason[reason] = (escalationsByReason[reason] ?? 0) + 1;
    } else if (r.state === 'awaiting_approval') d.awaitingApproval++;
    else if (r.state === 'dry_run') d.dryRun++;
  }
  const validationFailuresByRemediation: Record<string, number> = {};
  for (const e of failures) {
    const d = byDay.get(e.at.slice(0, 10));
    if (d) d.validationFailures++;
    const id = e.remediationId ?? 'unknown';
    validationFailuresByRemediation[id] = (validationFailuresByRemediation[id] ?? 0) + 1;
  }

  const dayList: DayStats[] = [...byDay.values()].map(({ tickets, ...d }) => ({ ...d, ticketsSeen: tickets.size, hoursSaved: round2(d.hoursSaved) }));
  const sum = (k: keyof Omit<DayStats, 'day'>) => dayList.reduce((n, d) => n + d[k], 0);
  const resolved = sum('resolved');
  return {
    from,
    to: now.toISOString(),
    days: dayList,
    totals: {
      ticketsSeen: seen.size,
      resolved,
      escalated: sum('escalated'),
      awaitingApproval: sum('awaitingApproval'),
      automatedResolutionRate: seen.size === 0 ? null : round2(resolved / seen.size),
      hoursSaved: round2(sum('hoursSaved')),
      validationFailures: failures.length,
    },
    escalationsByReason,
    validationFailuresByRemediation,
    remediations: deps.remediations.map((def) => {
      const mine = runs.filter((r) => r.remediationId === def.id);
      const resolvedRuns = mine.filter((r) => r.state === 'resolved');
      const reopened = resolvedRuns.filter((r) => reopenedRuns.has(r.id)).length;
      const failed = mine.filter((r) => r.state === 'rolled_back' || (r.state === 'escalated' && r.escalationReason === 'validation_failed')).length;
      const acted = resolvedRuns.length + failed;
      return {
        id: def.id,
        title: def.title,
        version: def.version,
        riskClass: def.riskClass,
        runs: mine.length,
        resolved: mine.filter((r) => r.state === 'resolved').length,
        escalated: mine.filter(isEscalated).length,
        validationFailures: validationFailuresByRemediation[def.id] ?? 0,
        breakerTrips: trips.filter((e) => e.remediationId === def.id).length,
        reopened,
        failed,
        outcomeRate: acted === 0 ? null : round2((resolvedRuns.length - reopened) / acted),
      };
    }),
  };
}

/**
 * `GET /admin/stats?days=N` (1..90, default 14). Mounted under /admin after the caller is
 * authenticated; any role may read it.
 */
export function adminStatsRoutes(deps: EngineDeps, guard: express.RequestHandler[]): Router {
  const r = express.Router();
  r.get('/stats', ...guard, async (req, res) => {
    const q = StatsQuery.safeParse(req.query);
    if (!q.success) return void res.status(400).json({ error: 'bad_request', message: q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });
    res.json(await computeStats(deps, q.data.days));
  });
  return r;
}
