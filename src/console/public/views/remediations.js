// Remediations and their health: runs, outcomes, validation failures, breaker trips, switches.
import { api, optional } from '../api.js';
import { emptyState, h, mount } from '../dom.js';
import { pct } from '../format.js';

export async function remediationsView(el) {
  const [stats, kill, catalogue] = await Promise.all([optional('/stats?days=30'), api('/kill-switch'), optional('/remediations')]);
  const meta = new Map((catalogue?.remediations ?? []).map((r) => [r.id, r]));
  const list = stats?.remediations ?? catalogue?.remediations ?? [];
  const stopped = (id) => (kill.switches ?? []).filter((s) => s.engaged && (s.scope.kind === 'global' || (s.scope.kind !== 'client' && s.scope.id === id)));

  mount(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Remediations'), h('p', { class: 'muted' }, 'Health over the last 30 days')),
    list.length === 0 ? emptyState('No remediation is registered.') : h('div', { class: 'table-wrap' }, h('table', { class: 'data wrap-head remediations' },
      h('caption', { class: 'sr-only' }, 'Remediations and their health'),
      h('thead', {}, h('tr', {}, ['Remediation', 'Risk', 'Runs', 'Resolved', 'Reopened', 'Escalated', 'Failed validations', 'Outcome rate', 'Breaker trips', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map((r) => {
        const m = meta.get(r.id) ?? {};
        const stops = stopped(r.id);
        const health = healthOf(r);
        return h('tr', {},
          h('td', { class: 'rem-name' }, h('strong', {}, r.title ?? m.title ?? r.id), h('div', { class: 'muted small' }, `${r.id} · v${r.version ?? m.version ?? '?'}`), declared(m)),
          h('td', {}, h('span', { class: `tag risk-${r.riskClass ?? m.riskClass}` }, r.riskClass ?? m.riskClass ?? '—')),
          h('td', { class: 'num' }, String(r.runs ?? '—')),
          h('td', { class: 'num' }, r.runs ? `${r.resolved} (${pct(r.resolved / r.runs)})` : '—'),
          h('td', { class: 'num' }, String(r.reopened ?? '—')),
          h('td', { class: 'num' }, String(r.escalated ?? '—')),
          h('td', { class: 'num' }, String(r.validationFailures ?? '—')),
          h('td', { class: 'num', title: outcomeTitle(r) }, r.outcomeRate === null || r.outcomeRate === undefined ? '—' : pct(r.outcomeRate)),
          h('td', { class: 'num' }, String(r.breakerTrips ?? '—')),
          h('td', {}, h('div', { class: 'status-cell' }, h('span', { class: `tag ${health[0]}` }, health[1]), stops.length ? h('a', { href: '#/kill-switch', class: 'tag tag-bad' }, stops.map((s) => (s.scope.kind === 'global' ? 'global stop' : s.scope.kind === 'client-remediation' ? `stopped at ${s.scope.clientId}` : 'stopped')).join(', ')) : h('span', { class: 'tag tag-ok' }, 'enabled'))));
      })))));
}

/** What the remediation declares about itself (from GET /admin/remediations, when the app has it). */
function declared(m) {
  if (!m.metadata) return null;
  return h('div', { class: 'muted small' },
    `Owner ${m.metadata.owner} · rollback ${m.rollbackPolicy?.strategy ?? '?'} · max ${m.blastRadius?.maxTargets ?? '?'} target${m.blastRadius?.maxTargets === 1 ? '' : 's'} · `,
    m.reviewOverdue ? h('span', { class: 'danger-text' }, `review overdue (${m.metadata.reviewDate})`) : `review by ${m.metadata.reviewDate}`);
}

/** The live outcome: resolutions that held, of the runs that acted (a requester's reply or a failed check counts against it). */
function outcomeTitle(r) {
  if (r.outcomeRate === null || r.outcomeRate === undefined) return 'No run has acted yet';
  return `${r.resolved - (r.reopened ?? 0)} held of ${r.resolved + (r.failed ?? 0)} that acted: ${r.reopened ?? 0} reopened by the requester, ${r.failed ?? 0} rolled back or failed validation`;
}

function healthOf(r) {
  if (r.breakerTrips > 0) return ['tag-bad', 'breaker tripped'];
  if (!r.runs) return ['', 'no runs yet'];
  if (r.reopened > 0) return ['tag-warn', 'reopened by requesters'];
  if (r.validationFailures > 0) return ['tag-warn', 'validation failures'];
  return ['tag-ok', 'healthy'];
}
