import type { BacktestOutcome } from './decide-historical.js';
import { OUTCOME_LABEL, OUTCOMES, type BacktestSummary } from './summarise.js';

const COLOURS: Record<BacktestOutcome, string> = {
  would_automate: '#2e7d32',
  would_ask_approval: '#f9a825',
  would_escalate: '#c62828',
  left_in_queue: '#90a4ae',
};

export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Tickets per day as stacked bars (automated, after approval, escalated, left alone), as an
 * inline SVG: no script, no outside file, renders in any browser and in most Markdown viewers.
 */
export function outcomeChartSvg(byDay: BacktestSummary['byDay']): string {
  const W = 760;
  const H = 300;
  const pad = { left: 40, right: 10, top: 20, bottom: 70 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const max = Math.max(1, ...byDay.map((d) => OUTCOMES.reduce((s, o) => s + d[o], 0)));
  const step = byDay.length > 0 ? plotW / byDay.length : plotW;
  const barW = Math.max(2, Math.min(40, step * 0.7));
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Tickets per day by backtest outcome" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>Tickets per day by backtest outcome</title>`);
  // Axis and a few gridlines.
  const ticks = Math.min(max, 5);
  for (let i = 0; i <= ticks; i++) {
    const v = Math.round((max * i) / ticks);
    parts.push(`<line x1="${pad.left}" x2="${W - pad.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  }
  byDay.forEach((d, i) => {
    const x = pad.left + i * step + (step - barW) / 2;
    let acc = 0;
    for (const o of OUTCOMES) {
      if (d[o] === 0) continue;
      const top = y(acc + d[o]);
      const h = y(acc) - top;
      parts.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[o]}"><title>${escapeXml(`${d.day}: ${d[o]} ${OUTCOME_LABEL[o].toLowerCase()}`)}</title></rect>`);
      acc += d[o];
    }
    // Label every bar when there is room, else every few.
    if (byDay.length <= 16 || i % Math.ceil(byDay.length / 16) === 0) {
      const lx = x + barW / 2;
      parts.push(`<text x="${lx.toFixed(1)}" y="${H - pad.bottom + 12}" text-anchor="end" transform="rotate(-45 ${lx.toFixed(1)} ${H - pad.bottom + 12})">${escapeXml(d.day.slice(5))}</text>`);
    }
  });
  OUTCOMES.forEach((o, i) => {
    const lx = pad.left + i * 180;
    parts.push(`<rect x="${lx}" y="${H - 18}" width="12" height="12" fill="${COLOURS[o]}"/><text x="${lx + 16}" y="${H - 8}">${escapeXml(OUTCOME_LABEL[o])}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
