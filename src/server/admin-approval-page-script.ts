/**
 * The script of the approval-link page (served as /approve-assets/approve.js; the page's CSP
 * allows no inline script). Everything it shows goes through textContent, never as markup.
 * The key is kept in sessionStorage under the same name the console uses.
 */
export const APPROVAL_PAGE_SCRIPT = String.raw`
const KEY = 'ticketfix.apiKey';
const token = decodeURIComponent(location.pathname.split('/').pop() || '');
const main = document.getElementById('main');
const el = (tag, text, attrs) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; Object.assign(e, attrs || {}); return e; };
const show = (...nodes) => { main.replaceChildren(...nodes); };

async function call(method, path, body) {
  const res = await fetch('/admin/approval-links/' + encodeURIComponent(token) + path, {
    method,
    headers: { Authorization: 'Bearer ' + (sessionStorage.getItem(KEY) || ''), Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  return { status: res.status, data };
}

function signIn(message) {
  const form = el('form');
  const input = el('input', undefined, { type: 'password', id: 'key', name: 'key', autocomplete: 'off', required: true, placeholder: 'tfx_...' });
  const label = el('label', 'Your API key (approver or admin)', { htmlFor: 'key' });
  form.append(label, input, el('button', 'Sign in', { type: 'submit', id: 'sign-in' }));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); sessionStorage.setItem(KEY, input.value.trim()); void load(); });
  show(el('h1', 'Approval request'), ...(message ? [el('p', message, { className: 'error', id: 'error' })] : []), form);
}

function field(name, value) {
  const row = el('div', undefined, { className: 'row' });
  row.append(el('dt', name), el('dd', value));
  return row;
}

async function load() {
  if (!sessionStorage.getItem(KEY)) return signIn();
  const r = await call('GET', '');
  if (r.status === 401) { sessionStorage.removeItem(KEY); return signIn('That key was not accepted.'); }
  if (r.status === 403) { sessionStorage.removeItem(KEY); return signIn('That key cannot decide approvals (it needs the approver role).'); }
  if (r.status !== 200) return show(el('h1', 'Approval request'), el('p', (r.data && r.data.message) || 'This link cannot be used.', { className: 'error', id: 'error' }));
  const { approval, plan } = r.data;
  const facts = el('dl');
  facts.append(field('Approval', approval.id), field('Status', approval.status), field('Why', approval.reason), field('Plan', approval.planSummary), field('Plan hash', approval.planHash), field('Expires', approval.expiresAt));
  if (plan) {
    facts.append(field('Targets', plan.targets.map((t) => t.type + ' ' + t.id).join(', ')));
    facts.append(field('Calls', plan.calls.map((c) => c.method + ' ' + c.url + ': ' + c.summary).join('\n')));
  }
  const nodes = [el('h1', 'Approval request'), facts];
  if (approval.status === 'pending') {
    const approve = el('button', 'Approve this plan', { id: 'approve', type: 'button' });
    const deny = el('button', 'Deny', { id: 'deny', type: 'button' });
    const decide = async (what) => {
      approve.disabled = deny.disabled = true;
      const d = await call('POST', '/' + what, { planHash: approval.planHash });
      if (d.status === 200) show(el('h1', 'Approval request'), el('p', 'Done: approval ' + d.data.approval.id + ' is ' + d.data.approval.status + '. The decision is written to the ticket.', { id: 'result' }));
      else show(el('h1', 'Approval request'), el('p', (d.data && d.data.message) || 'The decision was not recorded.', { className: 'error', id: 'error' }));
    };
    approve.addEventListener('click', () => void decide('approve'));
    deny.addEventListener('click', () => void decide('deny'));
    nodes.push(el('p', 'You decide on exactly the plan above; if it changes, the decision is refused.'), approve, deny);
  }
  show(...nodes);
}

void load();
`;
