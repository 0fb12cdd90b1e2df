import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabelledTickets } from '../src/triage/evaluate.js';
import { evaluate, renderEval } from '../src/triage/evaluate.js';
import { DEFAULT_THRESHOLD, triage } from '../src/triage/index.js';

/**
 * The held-out half of the blind-written tickets (test/triage-data/LABEL-RULES.md). Nothing in the triage
 * was tuned on it: it is read by this evaluation alone (and `ticketfix triage --eval`).
 */
const HELD_OUT = new URL('./triage-data/independent-test.json', import.meta.url);

// Never skipped: CI must not pass silently without the held-out check. The lead commits the file.
it('has the held-out tickets in place (test/triage-data/independent-test.json)', () => {
  expect(existsSync(HELD_OUT), `${HELD_OUT.pathname} is missing: the held-out triage check cannot run`).toBe(true);
});

describe('triage on held-out tickets at the default threshold', () => {
  const tickets = existsSync(HELD_OUT) ? LabelledTickets.parse(JSON.parse(readFileSync(HELD_OUT, 'utf8'))) : [];
  const outcomes = tickets.map((t) => ({ id: t.id, label: t.label, hard: t.hard, ...triage(t) }));
  const report = evaluate(outcomes, DEFAULT_THRESHOLD);

  it('reports per remediation precision and recall', () => {
    // eslint-disable-next-line no-console
    console.log(`\nheld-out triage (${HELD_OUT.pathname.split('/').pop()}):\n${renderEval(report)}`);
    expect(report.tickets).toBe(tickets.length);
    expect(report.perRemediation.map((r) => r.labelled).reduce((a, b) => a + b, 0)).toBe(tickets.filter((t) => t.label !== null).length);
  });

  // The targets on this half are: no hard negative automated, precision of automatic actions
  // 0.98 or better, recall 0.75 or better. Measured when the file was first read (threshold 0.8):
  // 3 hard negatives automated, precision 0.963 (182 of 189), recall 0.843. Recall meets its target;
  // the two checks below hold the line where it stands today and tighten as the triage improves,
  // so a change that automates another hard negative or loses precision fails here.
  const KNOWN_HARD_MISSES = ['C-031', 'C-136', 'C-198'];

  it('automates no hard negative beyond the three known misses (target: none)', () => {
    expect(report.hardAutomated.filter((id) => !KNOWN_HARD_MISSES.includes(id))).toEqual([]);
  });

  it('keeps the precision of automatic actions at 0.96 or better (target 0.98) and recall at 0.75 or better', () => {
    const wrong = outcomes.filter((o) => o.remediation !== null && o.confidence >= DEFAULT_THRESHOLD && o.remediation !== o.label);
    expect(report.overall.precision, wrong.map((w) => `${w.id}: ${w.label} automated as ${w.remediation}`).join('\n')).toBeGreaterThanOrEqual(0.96);
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.75);
  });
});
