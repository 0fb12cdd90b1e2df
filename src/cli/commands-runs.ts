import type { Command } from 'commander';
import { labelRun, RunLabel } from '../engine/reopen-run-labels.js';
import { withStore } from './open-cli-store.js';

/** `runs label <runId> right|wrong [--note]`: an operator's verdict on a run, audited, read back by evaluations. */
export function registerRunCommands(program: Command): void {
  const runs = program.command('runs').description('work on runs the loop recorded');
  runs
    .command('label <runId> <verdict>')
    .description('label a run right or wrong (the latest label wins; audited)')
    .option('--note <text>', 'why (at most 500 characters)')
    .option('--by <who>', 'who labels (recorded in the audit)', process.env.USER ?? 'cli')
    .option('--data-dir <dir>')
    .action(async (runId: string, verdict: string, o) => {
      const label = RunLabel.safeParse(verdict);
      if (!label.success) throw new Error(`the label must be 'right' or 'wrong', not '${verdict}'`);
      const stored = await withStore(o, (s) => labelRun(s, { runId, label: label.data, note: o.note, by: `cli:${o.by}`, at: new Date() }));
      console.log(JSON.stringify(stored, null, 2));
    });
}
