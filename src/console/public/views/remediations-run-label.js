// An operator's verdict on one run (right / wrong, with a note): feeds the remediations' evaluation.
import { api, optional } from '../api.js';
import { announce, field, h, mount } from '../dom.js';
import { can } from '../identity.js';
import { when } from '../format.js';

/** A card for the run page: the current label, and (approver or admin) buttons to set it. */
export function runLabelCard(runId) {
  const card = h('section', { class: 'card run-label', 'aria-label': 'Operator label' });
  render(card, runId).catch((err) => mount(card, h('p', { class: 'muted' }, `The label could not be loaded: ${err.message}`)));
  return card;
}

async function render(card, runId) {
  const current = (await optional(`/runs/${encodeURIComponent(runId)}/label`))?.label ?? null;
  const shown = current ? `Labelled ${current.label} by ${current.by} (${when(current.at)})${current.note ? `: ${current.note}` : ''}` : 'Not labelled yet.';
  const note = h('input', { type: 'text', maxlength: '500', placeholder: 'Why (optional)' });
  const set = async (label) => {
    try {
      await api(`/runs/${encodeURIComponent(runId)}/label`, { method: 'POST', body: { label, ...(note.value.trim() ? { note: note.value.trim() } : {}) } });
      announce(`Run labelled ${label}`, 'ok');
      await render(card, runId);
    } catch (err) {
      announce(`The label was not saved: ${err.message}`, 'error');
    }
  };
  mount(card,
    h('h2', {}, 'Was this right?'),
    h('p', { class: 'muted' }, shown),
    can('approver')
      ? h('div', { class: 'filter-actions' }, field('Note', note),
        h('button', { type: 'button', class: 'primary', onclick: () => void set('right') }, 'Right'),
        h('button', { type: 'button', class: 'ghost danger-text', onclick: () => void set('wrong') }, 'Wrong'))
      : null);
}
