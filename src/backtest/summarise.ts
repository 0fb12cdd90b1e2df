import type { BacktestOutcome, TicketVerdict } from './decide-historical.js';

export const OUTCOMES: readonly BacktestOutcome[] = ['would_automate', 'would_ask_approval', 'would_escalate', 'left_in_queue'];

export const OUTCOME_LABEL: Record<BacktestOutcome, string> = {
  would_automate: 'Automated',
  would_ask_approval: 'Automated after approval',
  would_escalate: 'Escalated to a person',
  left_in_queue: 'Left in the normal queue',
};

export interface BacktestSummary {
  tickets: number;
  byOutcome: Record<BacktestOutcome, number>;
  hoursSaved: number;
  /** Hours the automation's own time entries would book. */
  hoursBooked: number;
  byRemediation: { remediationId: string; automated: number; approval: number; escalated: number; manualMinutes: number; timeEntryMinutes: number; hoursSaved: number }[];
  escalations: { reason: string; count: number; examples: { ticketId: string; summary: string; detail: string }[] }[];
  /** Recognised by the triage but not automated by any registered remediation. */
  candidates: { kind: string; count: number }[];
  byDay: ({ day: string } & Record<BacktestOutcome, number>)[];
}

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

export function summarise(verdicts: readonly TicketVerdict[], manualFor: (kind: string) => number): BacktestSummary {
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<BacktestOutcome, number>;
  for (const v of verdicts) byOutcome[v.outcome]++;

  const rem = new Map<string, BacktestSummary['byRemediation'][number] & { saved: number }>();
  for (const v of verdicts) {
    if (!v.remediationId || v.outcome === 'left_in_queue') continue;
    const r = rem.get(v.remediationId) ?? { remediationId: v.remediationId, automated: 0, approval: 0, escalated: 0, manualMinutes: manualFor(v.remediationId), timeEntryMinutes: v.timeEntryMinutes, hoursSaved: 0, saved: 0 };
    if (v.outcome === 'would_automate') r.automated++;
    else if (v.outcome === 'would_ask_approval') r.approval++;
    else r.escalated++;
    r.saved += v.minutesSaved;
    r.timeEntryMinutes = Math.max(r.timeEntryMinutes, v.timeEntryMinutes);
    rem.set(v.remediationId, r);
  }
  const byRemediation = [...rem.values()].map(({ saved, ...r }) => ({ ...r, hoursSaved: hours(saved) })).sort((a, b) => b.hoursSaved - a.hoursSaved);

  const esc = new Map<string, BacktestSummary['escalations'][number]>();
  for (const v of verdicts.filter((x) => x.outcome === 'would_escalate')) {
    const key = v.reason ?? 'unknown';
    const e = esc.get(key) ?? { reason: key, count: 0, examples: [] };
    e.count++;
    if (e.examples.length < 3) e.examples.push({ ticketId: v.ticketId, summary: v.summary, detail: v.detail });
    esc.set(key, e);
  }

  const cand = new Map<string, number>();
  for (const v of verdicts) if (v.outcome === 'left_in_queue' && v.reason === 'no_match' && v.kind) cand.set(v.kind, (cand.get(v.kind) ?? 0) + 1);

  const days = new Map<string, { day: string } & Record<BacktestOutcome, number>>();
  for (const v of verdicts) {
    const day = v.at ? v.at.slice(0, 10) : 'unknown';
    const d = days.get(day) ?? { day, would_automate: 0, would_ask_approval: 0, would_escalate: 0, left_in_queue: 0 };
    d[v.outcome]++;
    days.set(day, d);
  }

  const automatedVerdicts = verdicts.filter((v) => v.outcome === 'would_automate' || v.outcome === 'would_ask_approval');
  return {
    tickets: verdicts.length,
    byOutcome,
    hoursSaved: hours(verdicts.reduce((s, v) => s + v.minutesSaved, 0)),
    hoursBooked: hours(automatedVerdicts.reduce((s, v) => s + v.timeEntryMinutes, 0)),
    byRemediation,
    escalations: [...esc.values()].sort((a, b) => b.count - a.count),
    candidates: [...cand.entries()].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
