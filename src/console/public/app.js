// The console shell: sign-in, the always-visible kill switch state, and a hash router.
import { api, ApiError, session, whenUnauthorized } from './api.js';
import { announce, h, mount } from './dom.js';
import { identity, loadIdentity } from './identity.js';
import { refreshKillState } from './kill-state.js';
import { dashboardView } from './views/dashboard.js';
import { runsView } from './views/runs.js';
import { runDetailView } from './views/run-detail.js';
import { approvalsView, refreshApprovalCount } from './views/approvals.js';
import { auditView } from './views/audit.js';
import { killSwitchView } from './views/kill-switch.js';
import { remediationsView } from './views/remediations.js';
import { policiesView } from './views/policies.js';

const main = () => document.getElementById('main');
const POLL_MS = 5000;
let poll = null;
let cleanup = null;

const routes = [
  [/^#\/dashboard$/, 'dashboard', () => dashboardView],
  [/^#\/runs$/, 'runs', () => runsView],
  [/^#\/runs\/([^/]+)$/, 'runs', (m) => (el, params) => runDetailView(el, { ...params, id: decodeURIComponent(m[1]) })],
  [/^#\/approvals$/, 'approvals', () => approvalsView],
  [/^#\/audit$/, 'audit', () => auditView],
  [/^#\/kill-switch$/, 'kill-switch', () => killSwitchView],
  [/^#\/remediations$/, 'remediations', () => remediationsView],
  [/^#\/policies$/, 'policies', () => policiesView],
];

function parseHash() {
  const [path, q = ''] = (location.hash || '#/dashboard').split('?');
  return { path, params: Object.fromEntries(new URLSearchParams(q)) };
}

async function render() {
  if (!session.key) return showSignIn();
  const { path, params } = parseHash();
  const found = routes.map(([re, section, view]) => [path.match(re), section, view]).find(([m]) => m);
  if (!found) return void (location.hash = '#/dashboard');
  const [m, section, view] = found;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  cleanup?.();
  cleanup = null;
  const el = mount(main(), h('p', { class: 'loading' }, 'Loading…'));
  try {
    cleanup = (await view(m)(el, params)) ?? null;
  } catch (err) {
    mount(el, h('div', { class: 'error-panel', role: 'alert' }, h('h1', {}, 'Could not load this page'), h('p', {}, err instanceof Error ? err.message : String(err))));
  }
}

function showShell(visible) {
  for (const id of ['nav', 'kill-state', 'who', 'sign-out']) document.getElementById(id).hidden = !visible;
}

function showSignIn(message) {
  showShell(false);
  clearInterval(poll);
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'tfx_… or the admin token' });
  const error = h('p', { class: 'form-error', role: 'alert', id: 'sign-in-error' }, message ?? '');
  const form = h('form', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title', onsubmit: async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    try {
      await api('/kill-switch', { key });
      session.set(key);
      if (!location.hash || location.hash === '#/') history.replaceState(null, '', '#/dashboard');
      await start();
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? 'That key was not accepted. Check it and try again.' : err.message;
      input.focus();
    }
  } },
  h('h1', { id: 'sign-in-title' }, 'Sign in'),
  h('p', {}, 'Paste your ticketfix API key. It is kept only in this browser tab and sent to the admin API as a bearer token.'),
  h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), input),
  error,
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  mount(main(), h('div', { class: 'sign-in-wrap' }, form));
  input.focus();
}

async function start() {
  await loadIdentity();
  showShell(true);
  const who = document.getElementById('who');
  who.textContent = `${identity.name} · ${identity.role}`;
  await tick();
  clearInterval(poll);
  poll = setInterval(tick, POLL_MS);
  await render();
  main().focus({ preventScroll: true });
}

async function tick() {
  await Promise.allSettled([refreshKillState(), refreshApprovalCount()]);
}

whenUnauthorized(() => {
  session.clear();
  showSignIn('Your key is no longer accepted. Sign in again.');
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.clear();
  announce('Signed out.');
  showSignIn();
});
window.addEventListener('hashchange', () => {
  // A message about the page being left would sit over the next one.
  document.getElementById('live').textContent = '';
  void render().then(() => {
    window.scrollTo(0, 0);
    main().focus({ preventScroll: true });
  });
});

if (session.key) void start().catch((err) => showSignIn(err.message));
else showSignIn();
