// Every piece of text reaches the page through textContent or attributes, never innerHTML:
// ticket text and PSA names are shown, never interpreted.

/**
 * h('button', { class: 'primary', onclick: fn }, 'Approve') -> HTMLButtonElement.
 * Children: strings (as text), nodes, arrays, null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag === 'svg' || SVG_TAGS.has(tag) ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

const SVG_TAGS = new Set(['g', 'rect', 'line', 'path', 'text', 'title', 'circle', 'polyline', 'desc']);

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces the content of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Announces a change to screen readers (and shows it in the status bar). */
export function announce(message, tone = 'info') {
  const live = document.getElementById('live');
  if (!live) return;
  live.dataset.tone = tone;
  live.textContent = '';
  clearTimeout(announce.timer);
  // A fresh text node after clearing makes screen readers read a repeated message again.
  requestAnimationFrame(() => { live.textContent = message; });
  announce.timer = setTimeout(() => { live.textContent = ''; }, 8000);
}

/** A labelled form field: <label for> + input/select. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

export function badge(state) {
  return h('span', { class: `badge state-${state}` }, state.replace(/_/g, ' '));
}

export function emptyState(text) {
  return h('p', { class: 'empty' }, text);
}
