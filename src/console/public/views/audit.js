// Audit search over the hash-chained trail, plus a chain verification.
import { api, query, session } from '../api.js';
import { announce, emptyState, field, h, mount } from '../dom.js';
import { label, when } from '../format.js';

const PAGE = 200;

const FIELDS = [
  ['ticketId', 'Ticket number'], ['clientId', 'Client'], ['remediationId', 'Remediation'], ['type', 'Event type'], ['outcome', 'Outcome'],
];

export async function auditView(el, params) {
  const q = Object.fromEntries(FIELDS.map(([k]) => [k, params[k] ?? '']));
  const from = params.from ?? '';
  const to = params.to ?? '';
  const searched = Object.values(q).some(Boolean) || from || to;
  const offset = Number(params.offset) > 0 ? Math.floor(Number(params.offset)) : 0;
  const result = searched || params.all ? await api(`/audit${query({ ...q, from, to, limit: PAGE, offset })}`) : { events: [] };
  // Oldest first: the trail reads as the story of what happened.
  const events = result.events ?? [];
  const next = result.page?.next ?? null;
  const pageLink = (o) => `#/audit${query({ ...params, offset: o || '' })}`;

  const inputs = FIELDS.map(([k, l]) => field(l, h('input', { name: k, value: q[k], autocomplete: 'off' })));
  const fromInput = h('input', { name: 'from', type: 'datetime-local', value: toLocalInput(from) });
  const toInput = h('input', { name: 'to', type: 'datetime-local', value: toLocalInput(to) });
  const form = h('form', { class: 'filters audit-filters', role: 'search', 'aria-label': 'Search the audit trail', onsubmit: (e) => {
    e.preventDefault();
    const next = Object.fromEntries(new FormData(form));
    next.from = next.from ? new Date(next.from).toISOString() : '';
    next.to = next.to ? new Date(next.to).toISOString() : '';
    location.hash = `#/audit${query(next.ticketId || next.clientId || next.remediationId || next.type || next.outcome || next.from || next.to ? next : { all: 1 })}`;
  } }, inputs, h('div', { class: 'span-2' }, field('From', fromInput)), h('div', { class: 'span-2' }, field('To', toInput)),
  h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search'), h('a', { href: '#/audit', class: 'button ghost' }, 'Clear')));

  const verifyOut = h('span', { class: 'verify-out', role: 'status' });
  const verify = h('button', { type: 'button', class: 'ghost', onclick: async () => {
    verifyOut.textContent = 'Checking…';
    const v = await api('/audit/verify');
    verifyOut.textContent = v.ok ? `Chain intact: ${v.checked} events checked.` : `Tampering found at event #${v.firstBadSeq}: ${v.problem}`;
    verifyOut.dataset.tone = v.ok ? 'ok' : 'error';
  } }, 'Verify the chain');

  const exportCsv = h('button', { type: 'button', class: 'ghost', onclick: () => void download(`/admin/audit/export${query({ ...q, from, to, format: 'csv' })}`) }, 'Export CSV');
  mount(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Audit'), h('div', { class: 'head-tools' }, verifyOut, verify, exportCsv)),
    form,
    !searched && !params.all ? emptyState('Search by ticket, client, remediation, event type or time; or search with no filter to page through the whole trail.')
      : events.length === 0 ? emptyState('No audit event matches.')
        : h('div', { class: 'table-wrap' }, h('table', { class: 'data audit' },
          h('caption', { class: 'sr-only' }, `${events.length} audit events, oldest first`),
          h('thead', {}, h('tr', {}, ['#', 'Time', 'Event', 'Ticket', 'Client', 'Remediation', 'Outcome', 'Actor', 'Data'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, events.map((e) => h('tr', {},
            h('td', { class: 'num' }, String(e.seq)),
            h('td', { class: 'nowrap' }, when(e.at)),
            h('td', {}, label(e.type)),
            h('td', {}, e.runId ? h('a', { href: `#/runs/${encodeURIComponent(e.runId)}` }, e.ticketId ? `#${e.ticketId}` : 'run') : e.ticketId ?? '—'),
            h('td', {}, e.clientId ?? '—'),
            h('td', {}, e.remediationId ?? '—'),
            h('td', {}, e.outcome ?? ''),
            h('td', { class: 'actor' }, e.actor),
            h('td', {}, h('details', {}, h('summary', {}, 'Show'), h('pre', {}, JSON.stringify(e.data, null, 2))))))))),
    events.length && (offset || next !== null) ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('span', { class: 'muted' }, `Events ${offset + 1}–${offset + events.length}`),
      offset ? h('a', { class: 'button ghost', href: pageLink(Math.max(0, offset - PAGE)) }, '← Earlier') : null,
      next !== null ? h('a', { class: 'button ghost', href: pageLink(next) }, 'Later →') : null) : null);
}

/** Downloads with the bearer key (a plain link could not send it). */
async function download(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${session.key}` } });
  if (!res.ok) return announce(res.status === 404 ? 'This version of the app cannot export the audit trail.' : `Export failed (${res.status}).`, 'error');
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `ticketfix-audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.csv` });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  announce('Audit export downloaded.', 'ok');
}

function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}
