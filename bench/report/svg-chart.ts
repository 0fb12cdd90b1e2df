import type { BenchReport } from '../types.js';
import { formatFigureComparison, formatMeasured, formatValue } from './format.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const WIDTH = 1100;
const LABEL_W = 470;
const BAR_X = LABEL_W + 10;
const BAR_MAX = WIDTH - BAR_X - 170;
const ROW_H = 46;

/**
 * One row per figure: the measured value (blue) over its limit (grey), both scaled to the larger
 * of the two, so every row reads "how far from its limit" whatever its unit.
 */
export function renderSvg(report: BenchReport): string {
  const parts: string[] = [];
  let y = 70;
  for (const b of report.benchmarks) {
    parts.push(`<text x="16" y="${y}" class="h">${esc(b.title)}</text>`);
    y += 14;
    for (const f of b.figures) {
      const limit = f.limit?.value ?? null;
      const value = f.value;
      const scale = Math.max(Math.abs(value ?? 0), Math.abs(limit ?? 0)) || 1;
      const w = (v: number | null) => (v === null ? 0 : Math.max(1, (Math.abs(v) / scale) * BAR_MAX));
      parts.push(`<text x="16" y="${y + 16}" class="l">${esc(f.label.length > 72 ? `${f.label.slice(0, 71)}…` : f.label)}</text>`);
      parts.push(`<rect x="${BAR_X}" y="${y + 4}" width="${w(value).toFixed(1)}" height="15" class="m"/>`);
      parts.push(`<text x="${BAR_X + w(value) + 6}" y="${y + 16}" class="v">${esc(formatMeasured(f))}</text>`);
      parts.push(`<rect x="${BAR_X}" y="${y + 22}" width="${w(limit).toFixed(1)}" height="15" class="g"/>`);
      parts.push(`<text x="${BAR_X + w(limit) + 6}" y="${y + 34}" class="v">${esc(f.limit ? formatValue(limit, f.limit.unit) : 'no limit')}</text>`);
      const sub = [f.limit?.label, f.notMeasured ? formatFigureComparison(f) : f.comparison ? `${formatValue(f.comparison.value, f.comparison.unit)} ${f.comparison.label}` : undefined].filter(Boolean).join(' · ');
      parts.push(`<text x="16" y="${y + 34}" class="s">${esc(sub.length > 95 ? `${sub.slice(0, 94)}…` : sub)}</text>`);
      y += ROW_H;
    }
    y += 16;
  }
  const height = y + 10;
  const m = report.machine;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>.t{font-size:18px;font-weight:bold}.h{font-size:15px;font-weight:bold;fill:#222}.l{font-size:12px;fill:#222}.s{font-size:10px;fill:#777}.v{font-size:11px;fill:#333}.m{fill:#2f6db5}.g{fill:#b8b8b8}.k{font-size:11px;fill:#555}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="16" y="26" class="t">ticketfix benchmarks — ${esc(report.startedAt)} (${esc(report.mode)})</text>`,
    `<text x="16" y="46" class="k">${esc(`${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}`)}</text>`,
    `<rect x="${WIDTH - 300}" y="36" width="12" height="12" fill="#2f6db5"/><text x="${WIDTH - 283}" y="46" class="k">measured</text>`,
    `<rect x="${WIDTH - 210}" y="36" width="12" height="12" fill="#b8b8b8"/><text x="${WIDTH - 193}" y="46" class="k">limit, same run</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
