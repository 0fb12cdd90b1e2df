// Tiny inline-SVG charts (no library, no CDN). Drawn at the container's pixel width so text
// is never scaled; each chart carries an aria-label summary and per-mark <title> tooltips.
import { h } from './dom.js';

const PAD = { top: 12, right: 12, bottom: 28, left: 40 };

/** A round step (1, 2 or 5 x 10^k) giving about four gridlines; counts never get fractional ticks. */
function scale(v, integer) {
  const raw = Math.max(v, integer ? 1 : 1e-9) / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
  if (integer) step = Math.max(1, Math.round(step));
  const max = Math.max(step, Math.ceil(v / step - 1e-9) * step);
  return { max, step };
}

function yAxis({ max, step }, innerH, width, fmt) {
  const ticks = [];
  for (let t = 0; t <= max + step / 2; t += step) ticks.push(t);
  return ticks.map((t) => {
    const y = PAD.top + innerH - (t / max) * innerH;
    return h('g', { class: 'tick' },
      h('line', { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y, class: t === 0 ? 'axis' : 'grid' }),
      h('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end' }, fmt(t)));
  });
}

function xLabels(labels, x, step, baseY) {
  // At most ~8 labels, counted back from the latest day so today is always labelled.
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return labels.map((l, i) => ((labels.length - 1 - i) % every === 0 ? h('text', { x: x(i) + step / 2, y: baseY + 18, 'text-anchor': 'middle' }, l) : null));
}

/** Vertical (optionally stacked) bars: data = [{ label, [key]: n }], series = [{ key, label, cls }]. */
export function barChart({ data, series, width, height = 200, title, integer = true, fmt = (n) => String(Math.round(n * 100) / 100) }) {
  const innerW = Math.max(10, width - PAD.left - PAD.right);
  const innerH = height - PAD.top - PAD.bottom;
  const totals = data.map((d) => series.reduce((n, s) => n + (d[s.key] ?? 0), 0));
  const y = scale(Math.max(0, ...totals), integer);
  const max = y.max;
  const step = innerW / Math.max(1, data.length);
  const bw = Math.max(2, Math.min(36, step * 0.62));
  const x = (i) => PAD.left + i * step;
  const summary = `${title}: ${data.map((d, i) => `${d.label} ${fmt(totals[i])}`).join(', ')}`;
  const bars = data.map((d, i) => {
    let y0 = PAD.top + innerH;
    return h('g', {}, series.map((s) => {
      const v = d[s.key] ?? 0;
      if (v <= 0) return null;
      const bh = (v / max) * innerH;
      y0 -= bh;
      return h('rect', { x: x(i) + (step - bw) / 2, y: y0, width: bw, height: bh, rx: 2, class: `mark ${s.cls}` }, h('title', {}, `${d.label}: ${fmt(v)} ${s.label.toLowerCase()}`));
    }));
  });
  return h('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary, class: 'chart' },
    yAxis(y, innerH, width, fmt), bars, xLabels(data.map((d) => d.label), x, step, PAD.top + innerH));
}

/** A line with dots: data = [{ label, value | null }]; null values leave a gap. */
export function lineChart({ data, width, height = 200, title, max: fixedMax, fmt = (n) => String(n) }) {
  const innerW = Math.max(10, width - PAD.left - PAD.right);
  const innerH = height - PAD.top - PAD.bottom;
  const ys = fixedMax ? { max: fixedMax, step: fixedMax / 4 } : scale(Math.max(0, ...data.map((d) => d.value ?? 0)), false);
  const max = ys.max;
  const step = innerW / Math.max(1, data.length);
  const x = (i) => PAD.left + i * step;
  const y = (v) => PAD.top + innerH - (v / max) * innerH;
  const segments = [];
  let current = [];
  data.forEach((d, i) => {
    if (d.value === null || d.value === undefined) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push(`${x(i) + step / 2},${y(d.value)}`);
  });
  if (current.length) segments.push(current);
  const summary = `${title}: ${data.map((d) => `${d.label} ${d.value === null ? 'no tickets' : fmt(d.value)}`).join(', ')}`;
  return h('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary, class: 'chart' },
    yAxis(ys, innerH, width, fmt),
    segments.map((pts) => h('polyline', { points: pts.join(' '), class: 'line' })),
    data.map((d, i) => (d.value === null || d.value === undefined ? null : h('circle', { cx: x(i) + step / 2, cy: y(d.value), r: 3.5, class: 'dot' }, h('title', {}, `${d.label}: ${fmt(d.value)}`)))),
    xLabels(data.map((d) => d.label), x, step, PAD.top + innerH));
}

/** Horizontal bars for categories, as a labelled list (reads well and wraps long names). */
export function categoryBars({ items, title, cls = 'c-escalated', empty = 'Nothing in this period.' }) {
  if (items.length === 0) return h('p', { class: 'empty' }, empty);
  const max = Math.max(...items.map((i) => i.value));
  return h('ul', { class: 'hbars', 'aria-label': title }, items.map((i) =>
    h('li', {},
      h('span', { class: 'hbar-label' }, i.label),
      h('span', { class: 'hbar-track', 'aria-hidden': 'true' },
        h('svg', { width: '100%', height: 14, class: 'hbar-svg', preserveAspectRatio: 'none', viewBox: '0 0 100 14' }, h('rect', { x: 0, y: 0, height: 14, width: Math.max(2, (i.value / max) * 100), rx: 2, class: `mark ${cls}` }))),
      h('span', { class: 'hbar-value' }, String(i.value)))));
}

export function legend(series) {
  return h('ul', { class: 'legend' }, series.map((s) => h('li', {}, h('span', { class: `swatch ${s.cls}`, 'aria-hidden': 'true' }), s.label)));
}
