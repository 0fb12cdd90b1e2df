// Runs list with filters; searching by ticket number is the common case.
import { api, query } from '../api.js';
import { badge, emptyState, field, h, mount } from '../dom.js';
import { ago, label, when } from '../format.js';

const PAGE = 100;

const STATES = ['received', 'decided', 'awaiting_approval', 'acting', 'validating', 'documenting', 'resolved', 'escalated', 'rolled_back', 'dry_run', 'duplicate'];

export async function runsView(el, params) {
  const f = { ticketId: params.ticketId ?? '', clientId: params.clientId ?? '', remediationId: params.remediationId ?? '', state: params.state ?? '' };
  const offset = Number(params.offset) > 0 ? Math.floor(Number(params.offset)) : 0;
  const result = await api(`/runs${query({ ...f, limit: PAGE, offset })}`);
  const runs = result.runs ?? [];
  const next = result.page?.next ?? null;
  const pageLink = (o) => `#/runs${query({ ...f, offset: o || '' })}`;

  const ticket = h('input', { name: 'ticketId', value: f.ticketId, inputmode: 'numeric', autocomplete: 'off', placeholder: 'e.g. 1042' });
  const client = h('input', { name: 'clientId', value: f.clientId, autocomplete: 'off', placeholder: 'any' });
  const remediation = h('input', { name: 'remediationId', value: f.remediationId, autocomplete: 'off', placeholder: 'any' });
  const state = h('select', { name: 'state' }, h('option', { value: '' }, 'Any state'), STATES.map((s) => h('option', { value: s, selected: s === f.state }, label(s))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Find runs', onsubmit: (e) => {
    e.preventDefault();
    const next = Object.fromEntries(new FormData(form));
    next.ticketId = String(next.ticketId).trim().replace(/^#/, '');
    location.hash = `#/runs${query(next)}`;
  } },
  field('Ticket number', ticket), field('Client', client), field('Remediation', remediation), field('State', state),
  h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search'), h('a', { href: '#/runs', class: 'button ghost' }, 'Clear')));

  const filtered = Object.values(f).some(Boolean);
  mount(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Runs'), h('p', { class: 'muted' }, filtered ? `${runs.length} matching run${runs.length === 1 ? '' : 's'}` : offset ? `Older runs` : `Latest ${runs.length} runs`)),
    form,
    runs.length === 0 ? emptyState(filtered ? 'No run matches these filters.' : 'No runs yet.') : runsTable(runs),
    offset || next !== null ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('span', { class: 'muted' }, `Runs ${offset + 1}–${offset + runs.length}`),
      offset ? h('a', { class: 'button ghost', href: pageLink(Math.max(0, offset - PAGE)) }, '← Newer') : null,
      next !== null ? h('a', { class: 'button ghost', href: pageLink(next) }, 'Older →') : null) : null);
  if (params.ticketId !== undefined || params.clientId !== undefined) ticket.focus();
}

export function runsTable(runs) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data runs' },
    h('caption', { class: 'sr-only' }, 'Runs, newest first'),
    h('thead', {}, h('tr', {}, ['Ticket', 'Client', 'Remediation', 'State', 'Why', 'Started', 'Updated'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, runs.map((r) => h('tr', {},
      h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(r.id)}`, class: 'ticket-link', 'aria-label': `Run for ticket ${r.ticketId}` }, `#${r.ticketId}`), h('span', { class: 'psa' }, r.psa)),
      h('td', {}, r.clientId ?? '—'),
      h('td', {}, r.remediationId ?? '—'),
      h('td', {}, badge(r.state), r.dryRun ? h('span', { class: 'tag' }, 'dry-run') : null),
      h('td', { class: 'why' }, r.escalationReason ? label(r.escalationReason) : r.plan?.summary ?? r.detail ?? ''),
      h('td', { title: when(r.createdAt) }, ago(r.createdAt)),
      h('td', { title: when(r.updatedAt) }, ago(r.updatedAt)))))));
}
