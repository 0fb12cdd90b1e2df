// Dashboard: the period's headline figures and charts over time, from GET /admin/stats.
import { api, optional } from '../api.js';
import { h, mount } from '../dom.js';
import { barChart, categoryBars, legend, lineChart } from '../charts.js';
import { label, pct } from '../format.js';

const SERIES = [
  { key: 'resolved', label: 'Resolved automatically', cls: 'c-resolved' },
  { key: 'escalated', label: 'Escalated', cls: 'c-escalated' },
  { key: 'other', label: 'Waiting, dry-run or duplicate', cls: 'c-other' },
];

export async function dashboardView(el, params) {
  const days = [7, 14, 30].includes(Number(params.days)) ? Number(params.days) : 14;
  const stats = await optional(`/stats?days=${days}`);
  if (!stats) {
    mount(el, h('h1', {}, 'Dashboard'), h('p', { class: 'empty' }, 'This version of the app has no statistics route.'));
    return;
  }
  const pending = (await api('/approvals?status=pending')).approvals ?? [];
  const t = stats.totals;
  const dayLabel = (d) => new Date(`${d}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const data = stats.days.map((d) => ({ ...d, label: dayLabel(d.day), other: Math.max(0, d.ticketsSeen - d.resolved - d.escalated) }));

  const charts = h('div', { class: 'chart-grid' });
  const range = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Period' },
    [7, 14, 30].map((n) => h('a', { href: `#/dashboard?days=${n}`, class: 'seg', 'aria-current': n === days ? 'true' : null }, `${n} days`)));

  mount(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Dashboard'), range),
    h('section', { class: 'kpis', 'aria-label': 'Headline figures' },
      kpi('Tickets seen', String(t.ticketsSeen), `last ${days} days`),
      kpi('Auto-resolution rate', pct(t.automatedResolutionRate), `${t.resolved} of ${t.ticketsSeen} without a person`),
      kpi('Hours saved', String(t.hoursSaved), 'from each fix’s time entry'),
      kpi('Escalations', String(t.escalated), 'sent to a person', t.escalated ? 'warn' : null),
      kpi('Awaiting approval', String(pending.length), pending.length ? h('a', { href: '#/approvals' }, 'Open the inbox') : 'nothing waiting', pending.length ? 'attention' : null)),
    charts);

  const draw = () => {
    const cardW = (charts.clientWidth - 16) / 2;
    const w = Math.max(280, Math.floor(cardW - 34));
    mount(charts,
      chartCard('Tickets seen per day', legend(SERIES), barChart({ data, series: SERIES, width: w, title: 'Tickets seen per day' })),
      chartCard('Automated resolution rate', null, lineChart({ data: data.map((d) => ({ label: d.label, value: d.ticketsSeen ? d.resolved / d.ticketsSeen : null })), width: w, max: 1, fmt: (v) => `${Math.round(v * 100)}%`, title: 'Automated resolution rate per day' })),
      chartCard('Hours saved per day', null, barChart({ data: data.map((d) => ({ label: d.label, hours: d.hoursSaved })), series: [{ key: 'hours', label: 'Hours saved', cls: 'c-saved' }], integer: false, width: w, title: 'Hours saved per day' })),
      chartCard('Validation failures per day', null, barChart({ data: data.map((d) => ({ label: d.label, failures: d.validationFailures })), series: [{ key: 'failures', label: 'Validation failures', cls: 'c-failed' }], width: w, title: 'Validation failures per day' })),
      chartCard('Escalations by reason', 'compact', categoryBars({ title: 'Escalations by reason', items: sorted(stats.escalationsByReason).map(([k, v]) => ({ label: label(k), value: v })), empty: 'No escalations in this period.' })),
      chartCard('Validation failures by remediation', 'compact', categoryBars({ title: 'Validation failures by remediation', cls: 'c-failed', items: sorted(stats.validationFailuresByRemediation).map(([k, v]) => ({ label: k, value: v })), empty: 'No validation failures in this period.' })));
  };
  draw();
  let timer;
  const onResize = () => { clearTimeout(timer); timer = setTimeout(draw, 150); };
  window.addEventListener('resize', onResize);
  return () => window.removeEventListener('resize', onResize);
}

const sorted = (rec) => Object.entries(rec).sort((a, b) => b[1] - a[1]);

function kpi(name, value, sub, tone) {
  return h('div', { class: `kpi${tone ? ` kpi-${tone}` : ''}` }, h('div', { class: 'kpi-name' }, name), h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-sub' }, sub));
}

function chartCard(title, extra, chart) {
  const compact = extra === 'compact';
  return h('section', { class: `card chart-card${compact ? ' compact' : ''}`, 'aria-label': title }, h('div', { class: 'card-head' }, h('h2', {}, title), compact ? null : extra), chart);
}
