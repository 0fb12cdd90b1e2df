import type { BacktestReport } from './report.js';
import { renderMarkdownTablesAsHtml } from './markdown-to-html.js';
import { renderMarkdown } from './render-markdown.js';
import { escapeXml, outcomeChartSvg } from './svg-chart.js';

/** One self-contained HTML page: the report with the chart inline (no script, no outside file). */
export function renderHtml(r: BacktestReport): string {
  const body = renderMarkdownTablesAsHtml(renderMarkdown(r));
  const chart = outcomeChartSvg(r.summary.byDay);
  // The chart goes right after the summary's saved-time line.
  const withChart = body.replace('<!--chart-->', `<figure>${chart}<figcaption>Tickets per day by outcome</figcaption></figure>`);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(`Backtest: ${r.installationId}`)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:14px}th{background:#f5f5f5}td.n{text-align:right}figure{margin:1em 0}</style>',
    '</head><body>',
    withChart,
    '</body></html>',
    '',
  ].join('\n');
}
