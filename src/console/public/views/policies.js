// Policies: the values in force per client and remediation, and where each came from
// (the remediation's default, the config file, or a run-time override).
import { api } from '../api.js';
import { emptyState, h, mount } from '../dom.js';

const SOURCE_TAG = { 'remediation default': '', 'file config': 'tag-ok', 'run-time override': 'tag-warn' };

function valueAt(policy, path) {
  return path.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), policy);
}

const shown = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

export async function policiesView(el) {
  const p = await api('/policies');
  const clients = p.clients ?? [];
  mount(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Policies'),
      h('p', { class: 'muted' }, `Global dry-run ${p.dryRun ? 'on' : 'off'} · run-time overrides version ${p.overridesVersion ?? 0}`)),
    clients.length === 0 ? emptyState('No client is configured.') : clients.map((c) => h('section', { class: 'card', 'aria-labelledby': `policy-${c.id}` },
      h('h2', { id: `policy-${c.id}` }, `${c.name} (${c.id})`),
      Object.entries(c.remediations ?? {}).map(([rid, policy]) => {
        const sources = c.sources?.[rid] ?? {};
        return h('div', { class: 'table-wrap' }, h('table', { class: 'data policy', dataset: { client: c.id, remediation: rid } },
          h('caption', {}, rid),
          h('thead', {}, h('tr', {}, ['Setting', 'Value', 'From'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, Object.entries(sources).map(([path, source]) => h('tr', {},
            h('th', { scope: 'row' }, path),
            h('td', {}, shown(valueAt(policy, path))),
            h('td', {}, h('span', { class: `tag ${SOURCE_TAG[source] ?? ''}` }, source)))))));
      }))));
}
