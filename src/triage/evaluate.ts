import { z } from 'zod';
import { REMEDIATION_IDS, type RemediationId } from './types.js';

/** A labelled ticket in the format of test/triage-data/LABEL-RULES.md (extra fields are ignored). */
export const LabelledTicket = z.object({
  id: z.string().optional(),
  label: z.enum(REMEDIATION_IDS).nullable(),
  hard: z.boolean().optional(),
  summary: z.string(),
  description: z.string().optional().default(''),
  contactEmail: z.string().optional(),
  source: z.string().optional(),
});
export type LabelledTicket = z.infer<typeof LabelledTicket>;
export const LabelledTickets = z.array(LabelledTicket).min(1);

/** One ticket's label beside what the triage answered. */
export interface Outcome {
  id?: string;
  label: RemediationId | null;
  hard?: boolean;
  remediation: RemediationId | null;
  confidence: number;
}

export interface RemediationFigures {
  remediation: RemediationId;
  labelled: number;
  automated: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface ReliabilityRow {
  from: number;
  to: number;
  tickets: number;
  correct: number;
  meanConfidence: number;
}

export interface EvalReport {
  tickets: number;
  threshold: number;
  perRemediation: RemediationFigures[];
  overall: { automated: number; correct: number; precision: number; recall: number };
  /** Ids (or summaries' positions) of hard negatives that were automated: must be none. */
  hardAutomated: string[];
  /** rows: the label ('none' for null); columns: what was automated ('escalate' when nothing). */
  confusion: Record<string, Record<string, number>>;
  reliability: ReliabilityRow[];
}

export const RELIABILITY_BINS: readonly number[] = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0001];

const ratio = (a: number, b: number, empty: number) => (b ? a / b : empty);

/** Precision, recall, automatic actions, the confusion matrix and the reliability table at one threshold. */
export function evaluate(outcomes: readonly Outcome[], threshold: number): EvalReport {
  const acted = (o: Outcome) => o.remediation !== null && o.confidence >= threshold;
  const perRemediation = REMEDIATION_IDS.map((id) => {
    const automated = outcomes.filter((o) => acted(o) && o.remediation === id);
    const correct = automated.filter((o) => o.label === id).length;
    const labelled = outcomes.filter((o) => o.label === id).length;
    return { remediation: id, labelled, automated: automated.length, correct, precision: ratio(correct, automated.length, 1), recall: ratio(correct, labelled, 1) };
  });
  const automated = outcomes.filter(acted);
  const correct = automated.filter((o) => o.label === o.remediation).length;
  const positives = outcomes.filter((o) => o.label !== null).length;
  const confusion: Record<string, Record<string, number>> = {};
  for (const o of outcomes) {
    const row = (confusion[o.label ?? 'none'] ??= {});
    const col = acted(o) ? o.remediation! : 'escalate';
    row[col] = (row[col] ?? 0) + 1;
  }
  const reliability: ReliabilityRow[] = [];
  for (let i = 0; i + 1 < RELIABILITY_BINS.length; i++) {
    const [from, to] = [RELIABILITY_BINS[i]!, RELIABILITY_BINS[i + 1]!];
    const inBin = outcomes.filter((o) => o.remediation !== null && o.confidence >= from && o.confidence < to);
    reliability.push({
      from, to: Math.min(1, to), tickets: inBin.length, correct: inBin.filter((o) => o.label === o.remediation).length,
      meanConfidence: ratio(inBin.reduce((a, o) => a + o.confidence, 0), inBin.length, 0),
    });
  }
  return {
    tickets: outcomes.length,
    threshold,
    perRemediation,
    overall: { automated: automated.length, correct, precision: ratio(correct, automated.length, 1), recall: ratio(correct, positives, 1) },
    hardAutomated: outcomes.flatMap((o, i) => (o.hard && acted(o) ? [o.id ?? `#${i}`] : [])),
    confusion,
    reliability,
  };
}

const f2 = (n: number) => n.toFixed(2);

/** The report as plain text (what `ticketfix triage --eval` prints). */
export function renderEval(r: EvalReport): string {
  const lines = [`${r.tickets} labelled tickets, threshold ${r.threshold}`, '', 'remediation         labelled  automated  correct  precision  recall'];
  for (const p of r.perRemediation) {
    lines.push(`${p.remediation.padEnd(20)}${String(p.labelled).padStart(8)}${String(p.automated).padStart(11)}${String(p.correct).padStart(9)}${f2(p.precision).padStart(11)}${f2(p.recall).padStart(8)}`);
  }
  const o = r.overall;
  lines.push(`${'overall'.padEnd(20)}${''.padStart(8)}${String(o.automated).padStart(11)}${String(o.correct).padStart(9)}${f2(o.precision).padStart(11)}${f2(o.recall).padStart(8)}`);
  lines.push('', `hard negatives automated: ${r.hardAutomated.length}${r.hardAutomated.length ? ` (${r.hardAutomated.join(', ')})` : ''}`);
  const cols = [...REMEDIATION_IDS, 'escalate'];
  lines.push('', 'confusion (rows: label, columns: automated as)', `${''.padEnd(18)}${cols.map((c) => c.slice(0, 10).padStart(11)).join('')}`);
  for (const row of ['none', ...REMEDIATION_IDS]) {
    const cells = r.confusion[row];
    if (!cells) continue;
    lines.push(`${row.padEnd(18)}${cols.map((c) => String(cells[c] ?? 0).padStart(11)).join('')}`);
  }
  lines.push('', 'reliability (tickets with a remediation, by confidence)', 'confidence     tickets  correct  observed precision  mean confidence');
  for (const b of r.reliability) {
    lines.push(`[${f2(b.from)}, ${f2(b.to)}${b.to >= 1 ? ']' : ')'}${String(b.tickets).padStart(10)}${String(b.correct).padStart(9)}${(b.tickets ? f2(b.correct / b.tickets) : '-').padStart(20)}${(b.tickets ? f2(b.meanConfidence) : '-').padStart(17)}`);
  }
  return lines.join('\n');
}
