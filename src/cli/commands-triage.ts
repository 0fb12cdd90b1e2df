import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { evaluate, LabelledTickets, renderEval, type EvalReport } from '../triage/evaluate.js';
import { autoAct, DEFAULT_THRESHOLD, triage } from '../triage/index.js';
import type { TriageResult } from '../triage/index.js';

const TicketInput = z.object({
  summary: z.string(),
  description: z.string().optional().default(''),
  contactEmail: z.string().optional(),
  source: z.string().optional(),
});
const Tickets = z.array(TicketInput).min(1);

export type TriageOutput = TriageResult & { autoAct: boolean };

export class TriageInputError extends Error {}

/** Pure: validates one ticket or an array of tickets and triages each (the CLI prints this). */
export function triageTickets(input: unknown, threshold = DEFAULT_THRESHOLD): TriageOutput | TriageOutput[] {
  // Validate against the shape the input claims, so the issues name the real field ("0.summary").
  const parsed = Array.isArray(input) ? Tickets.safeParse(input) : TicketInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TriageInputError(`expected a ticket {summary, description?, contactEmail?, source?} or a non-empty array of them; ${issues.join('; ')}`);
  }
  const one = (t: z.infer<typeof TicketInput>): TriageOutput => {
    const r = triage(t);
    return { ...r, autoAct: autoAct(r, threshold) };
  };
  return Array.isArray(parsed.data) ? parsed.data.map(one) : one(parsed.data);
}

/** Pure: validates labelled tickets (test/triage-data/LABEL-RULES.md format) and measures the triage on them. */
export function evaluateLabelled(input: unknown, threshold = DEFAULT_THRESHOLD): EvalReport {
  const parsed = LabelledTickets.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TriageInputError(`expected a non-empty array of labelled tickets {id?, label, hard?, summary, description?, contactEmail?, source?}; ${issues.join('; ')}`);
  }
  return evaluate(parsed.data.map((t) => ({ id: t.id, label: t.label, hard: t.hard, ...triage(t) })), threshold);
}

/**
 * `triage [file]`: classifies tickets from a JSON file or stdin; prints JSON; changes nothing. The engine
 * classifies with the same rules; whether it acts is then up to each client's policy (see `dry-run`).
 */
export function registerTriageCommand(program: Command): void {
  program
    .command('triage [file]')
    .description('classify one ticket or a JSON array of tickets {summary, description, contactEmail, source} (file, or - / nothing for stdin)')
    .option('--threshold <n>', 'confidence at which the default policy acts alone', String(DEFAULT_THRESHOLD))
    .option('--eval <labelled.json>', 'measure on labelled tickets (LABEL-RULES format): precision, recall, automatic actions, confusion, reliability')
    .action((file: string | undefined, o: { threshold: string; eval?: string }) => {
      const name = o.eval ?? (!file || file === '-' ? 'stdin' : file);
      try {
        const threshold = Number(o.threshold);
        if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new TriageInputError(`--threshold must be between 0 and 1, got ${o.threshold}`);
        const text = name === 'stdin' ? readFileSync(0, 'utf8') : readFileSync(name, 'utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new TriageInputError(`not JSON: ${(e as Error).message}`);
        }
        console.log(o.eval ? renderEval(evaluateLabelled(json, threshold)) : JSON.stringify(triageTickets(json, threshold), null, 2));
      } catch (e) {
        console.error(`triage: ${name}: ${(e as Error).message}`);
        process.exitCode = 1;
      }
    });
}
