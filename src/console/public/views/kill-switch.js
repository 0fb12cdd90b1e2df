// Kill switch: engage or release globally (with a confirmation), and per client / remediation.
import { api, optional } from '../api.js';
import { announce, emptyState, field, h, mount } from '../dom.js';
import { confirmDialog } from '../confirm.js';
import { can } from '../identity.js';
import { ago, scopeText, when } from '../format.js';
import { globalSwitch, refreshKillState, switches } from '../kill-state.js';

export async function killSwitchView(el) {
  await refreshKillState();
  const g = globalSwitch();
  const engaged = !!g?.engaged;
  const admin = can('admin');

  const set = async (body, question) => {
    const reasonField = h('div', { class: 'field' }, h('label', { for: 'kill-reason' }, 'Reason (kept in the audit trail)'), h('input', { id: 'kill-reason', maxlength: 500, autocomplete: 'off' }));
    const reason = await confirmDialog({ ...question, input: reasonField });
    if (reason === null) return announce('Nothing changed.');
    try {
      await api('/kill-switch', { method: 'POST', body: { ...body, reason: String(reason) } });
      await refreshKillState();
      announce(body.engaged ? `Kill switch engaged: ${scopeLabel(body)}. No new action will run.` : `Kill switch released: ${scopeLabel(body)}. Automation resumes.`, body.engaged ? 'error' : 'ok');
    } catch (err) {
      announce(err.message, 'error');
    }
    await killSwitchView(el);
  };

  const scoped = switches.filter((s) => s.scope.kind !== 'global');
  // Only ids that exist can be chosen: a mistyped id would stop nothing (the API refuses it too).
  const [policies, catalogue] = admin ? await Promise.all([optional('/policies'), optional('/remediations')]) : [null, null];
  const ids = { client: (policies?.clients ?? []).map((c) => c.id), remediation: (catalogue?.remediations ?? []).map((r) => r.id) };
  const kind = h('select', { id: 'scope-kind', onchange: () => showFor(kind.value) },
    h('option', { value: 'client' }, 'One client'),
    h('option', { value: 'remediation' }, 'One remediation'),
    h('option', { value: 'client-remediation' }, 'One remediation at one client'));
  const picker = (id, list, placeholder) => (list.length
    ? h('select', { id, required: true }, list.map((v) => h('option', { value: v }, v)))
    : h('input', { id, required: true, autocomplete: 'off', placeholder }));
  const clientPick = picker('scope-client', ids.client, 'e.g. contoso');
  const remediationPick = picker('scope-remediation', ids.remediation, 'e.g. mailbox-quota');
  const clientField = field('Client', clientPick);
  const remediationField = field('Remediation', remediationPick);
  const showFor = (k) => {
    clientField.hidden = k === 'remediation';
    remediationField.hidden = k === 'client';
  };
  showFor('client');
  const scopedBody = () => {
    const k = kind.value;
    if (k === 'client') return { scope: k, id: clientPick.value, engaged: true };
    if (k === 'remediation') return { scope: k, id: remediationPick.value, engaged: true };
    return { scope: k, clientId: clientPick.value, id: remediationPick.value, engaged: true };
  };

  mount(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Kill switch')),
    h('section', { class: `card kill-panel ${engaged ? 'is-engaged' : 'is-running'}`, 'aria-labelledby': 'global-title' },
      h('div', {},
        h('h2', { id: 'global-title' }, 'Global'),
        h('p', { class: 'kill-now' }, engaged ? 'ENGAGED: no remediation acts anywhere.' : 'Released: remediations act within their policies.'),
        g ? h('p', { class: 'muted' }, `${engaged ? 'Engaged' : 'Released'} by ${g.by} ${ago(g.at)} (${when(g.at)})${g.reason ? `: ${g.reason}` : ''}`) : h('p', { class: 'muted' }, 'Never engaged.'),
        h('p', { class: 'muted small' }, 'Checked immediately before every action by every instance; runs already acting finish their step.')),
      admin ? h('button', { type: 'button', id: 'global-toggle', class: engaged ? 'primary big' : 'danger big', onclick: () => set({ scope: 'global', engaged: !engaged },
        engaged ? { title: 'Release the kill switch?', text: 'Automated remediation resumes for every client, within each client’s policy.', confirmLabel: 'Release' }
          : { title: 'Engage the kill switch?', text: 'Every instance stops before its next action. Tickets that would be fixed go to a person instead.', confirmLabel: 'Engage kill switch', danger: true }) },
      engaged ? 'Release kill switch' : 'Engage kill switch') : h('p', { class: 'notice' }, 'Only an admin key can change the kill switch.')),
    h('section', { class: 'card', 'aria-labelledby': 'scoped-title' },
      h('h2', { id: 'scoped-title' }, 'Scoped switches'),
      scoped.length === 0 ? emptyState('No client or remediation switch has been set.') : h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, ['Scope', 'State', 'By', 'When', 'Reason', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, scoped.map((s) => h('tr', {},
          h('td', {}, scopeText(s.scope)),
          h('td', {}, h('span', { class: `tag ${s.engaged ? 'tag-bad' : 'tag-ok'}` }, s.engaged ? 'engaged' : 'released')),
          h('td', {}, s.by), h('td', { title: when(s.at) }, ago(s.at)), h('td', {}, s.reason || '—'),
          h('td', {}, admin ? h('button', { type: 'button', class: 'ghost small', onclick: () => set(bodyFor(s.scope, !s.engaged), { title: `${s.engaged ? 'Release' : 'Engage'} ${scopeText(s.scope)}?`, text: s.engaged ? 'Automation resumes for this scope.' : 'Automation stops for this scope.', confirmLabel: s.engaged ? 'Release' : 'Engage', danger: !s.engaged }) }, s.engaged ? 'Release' : 'Engage') : null))))),
      admin ? h('form', { class: 'filters inline', 'aria-label': 'Engage a scoped switch', onsubmit: (e) => {
        e.preventDefault();
        const body = scopedBody();
        void set(body, { title: `Stop ${scopeLabel(body)}?`, text: 'Automation stops for this scope until released.', confirmLabel: 'Engage', danger: true });
      } }, field('Scope', kind), clientField, remediationField,
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'danger' }, 'Engage for this scope'))) : null));
}

function bodyFor(scope, engaged) {
  if (scope.kind === 'global') return { scope: 'global', engaged };
  if (scope.kind === 'client-remediation') return { scope: 'client-remediation', id: scope.id, clientId: scope.clientId, engaged };
  return { scope: scope.kind, id: scope.id, engaged };
}

function scopeLabel(body) {
  if (body.scope === 'global') return 'everywhere';
  if (body.scope === 'client-remediation') return `${body.id} at ${body.clientId}`;
  return `${body.scope} ${body.id}`;
}
