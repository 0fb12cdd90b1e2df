import type { BenchReport, BenchmarkResult } from '../types.js';
import { cell, formatFigureComparison, formatLimit, formatMeasured } from './format.js';

function section(b: BenchmarkResult): string {
  const lines = [`## ${b.title}`, '', `**Measures:** ${b.measures}`, ''];
  if (b.error) lines.push(`**Failed:** ${b.error}`, '');
  if (b.figures.length) {
    lines.push('| figure | measured | limit (same run) | comparison |', '|---|---|---|---|');
    for (const f of b.figures) lines.push(`| ${cell(f.label)} | **${cell(formatMeasured(f))}** | ${cell(formatLimit(f.limit))} | ${cell(formatFigureComparison(f))} |`);
    lines.push('');
  }
  for (const t of b.tables ?? []) lines.push(t, '');
  for (const n of b.notes) lines.push(`- ${n}`);
  const e = b.environment;
  lines.push(
    '',
    `_Ran ${(b.durationMs / 1000).toFixed(1)} s. Machine load meanwhile: load average ${e.loadAvgStart} → ${e.loadAvgEnd}, ${e.machineCoresBusy ?? 'n/a'} cores busy on average, of which this process (app + simulators) ${e.benchProcessCores}; the rest is the load generator and anything else running._`,
    '',
  );
  return lines.join('\n');
}

export function renderMarkdown(report: BenchReport, chartFile: string): string {
  const m = report.machine;
  return [
    `# ticketfix benchmarks — ${report.startedAt} (${report.mode}${report.sizesName !== report.mode ? `, ${report.sizesName} sizes` : ''})`,
    '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${m.cpuModel} |`,
    `| cores | ${m.cores} |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| Node.js | ${m.node} (${m.platform}, kernel ${m.kernel}) |`,
    `| store filesystem | ${m.dataDirFilesystem ?? 'unknown'} |`,
    `| total run time | ${(report.durationMs / 1000).toFixed(1)} s |`,
    '',
    `Every figure sits next to the limit it is compared with, measured in the same run. Chart: [${chartFile}](${chartFile}).`,
    '',
    ...report.benchmarks.map(section),
  ].join('\n');
}
