import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { remediations } from '../../remediations/index.js';
import { createProgress } from '../backtest/progress.js';
import { parseDuration } from '../backtest/duration.js';
import { parseEstimates } from '../backtest/estimates.js';
import { renderHtml } from '../backtest/render-html.js';
import { renderMarkdown } from '../backtest/render-markdown.js';
import { resolveInstallation, runBacktest } from '../backtest/run-backtest.js';
import { createLogger } from '../log.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { cliConfig } from './cli-config.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/**
 * `backtest --psa <installation|psa> --since 30d`: replays the PSA's recent tickets through the
 * triage and decide step (read-only, nothing is written anywhere) and reports what would have
 * been automated, the hours saved and what would have escalated.
 */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('replay historical tickets from a PSA (read-only) and report what would have been automated, hours saved and escalations')
    .requiredOption('--psa <name>', 'installation id, or PSA name (connectwise, autotask, halopsa) when only one installation is of it')
    .option('--since <duration>', 'how far back: 30d, 12h, 2w, 90m', '30d')
    .option('--out <file>', 'write the Markdown report here (default: stdout, unless --html is given)')
    .option('--html <file>', 'write the HTML report (with its inline SVG chart) here')
    .option('--manual-minutes <kind=minutes>', 'override a manual handling estimate (repeatable)', collect, [])
    .option('--config <file>', 'config file; default $TICKETFIX_CONFIG, else the sandbox on --sandbox-url')
    .option('--sandbox-url <url>', 'running sandbox to read from', 'http://127.0.0.1:3000')
    .action(async (o: { psa: string; since: string; out?: string; html?: string; manualMinutes: string[]; config?: string; sandboxUrl?: string }) => {
      // Bad input is refused before anything is read.
      const sinceMs = parseDuration(o.since);
      const estimates = parseEstimates(o.manualMinutes);
      const { config, env } = await cliConfig(o);
      const install = resolveInstallation(config, o.psa);
      // The adapters keep small caches in kv; a throw-away store so the backtest writes nowhere.
      const kv = new SqliteStore({ file: ':memory:' });
      try {
        const report = await runBacktest({
          config,
          remediations,
          install,
          sinceMs,
          estimates,
          runtime: { env, log: createLogger({ level: process.env.LOG_LEVEL ?? 'silent' }), kv },
          progress: (total) => createProgress({ total, label: `reading ${install.id} tickets` }),
        });
        const md = renderMarkdown(report);
        if (o.out) writeFileSync(o.out, md);
        if (o.html) writeFileSync(o.html, renderHtml(report));
        if (!o.out && !o.html) process.stdout.write(md);
        const s = report.summary;
        console.error(`backtest: ${s.tickets} tickets, ${s.byOutcome.would_automate} automated, ${s.byOutcome.would_ask_approval} after approval, ${s.byOutcome.would_escalate} escalated, ${s.hoursSaved} hours saved${o.out ? `; report: ${o.out}` : ''}${o.html ? `; html: ${o.html}` : ''}`);
      } finally {
        await kv.close();
      }
    });
}
