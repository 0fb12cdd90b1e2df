import type { Comparison, Figure, Limit } from '../types.js';

export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const n = value.toLocaleString('en-US', { maximumFractionDigits: digits });
  if (unit === '×') return `${n}×`;
  if (unit === '%' || unit === '/s') return `${n}${unit}`;
  return `${n} ${unit}`;
}

export const formatLimit = (l: Limit | null): string => (l ? `${formatValue(l.value, l.unit)} — ${l.label}` : '—');
export const formatComparison = (c: Comparison | null): string => (c ? `${formatValue(c.value, c.unit)} (${c.label})` : '—');

/** Table cells must not break the Markdown table. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The measured cell: the value, or `not measured (<why>)` when the run could not measure it. */
export const formatMeasured = (f: Figure): string => (f.notMeasured ? `not measured (${f.notMeasured})` : formatValue(f.value, f.unit));

/** The comparison cell: never a ratio of a figure that was not measured. */
export const formatFigureComparison = (f: Figure): string => (f.notMeasured ? `not measured (${f.notMeasured})` : formatComparison(f.comparison));
