// Approvals inbox: each pending plan with exactly what it will do, and approve / deny.
import { api, optional, query } from '../api.js';
import { announce, emptyState, h, mount } from '../dom.js';
import { confirmDialog } from '../confirm.js';
import { can } from '../identity.js';
import { ago, label, short, when } from '../format.js';

const STATUSES = ['pending', 'approved', 'denied', 'expired', 'voided'];

export async function refreshApprovalCount() {
  const el = document.getElementById('approval-count');
  const n = ((await api('/approvals?status=pending')).approvals ?? []).length;
  el.hidden = n === 0;
  el.textContent = String(n);
  el.setAttribute('aria-label', `${n} pending`);
}

export async function approvalsView(el, params) {
  const status = STATUSES.includes(params.status) ? params.status : 'pending';
  const approvals = (await api(`/approvals${query({ status })}`)).approvals ?? [];
  approvals.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const plans = await Promise.all(approvals.map((a) => (status === 'pending' ? boundPlan(a) : null)));

  mount(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Approvals'),
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Status' }, STATUSES.map((s) => h('a', { class: 'seg', href: `#/approvals?status=${s}`, 'aria-current': s === status ? 'true' : null }, label(s))))),
    !can('approver') && status === 'pending' ? h('p', { class: 'notice' }, 'Your key can read approvals but not decide them.') : null,
    approvals.length === 0 ? emptyState(status === 'pending' ? 'Nothing is waiting for approval.' : `No ${status} approvals.`) : h('ul', { class: 'approval-list' }, approvals.map((a, i) => approvalCard(a, plans[i], () => approvalsView(el, params)))));
}

/** The exact plan an approval is bound to, or null when the run's plan is no longer that one. */
async function boundPlan(a) {
  const detail = await optional(`/approvals/${encodeURIComponent(a.id)}`).catch(() => null);
  if (detail) return detail.plan ?? null;
  // An app without GET /approvals/:id: the run's plan, only if it still has the approved hash.
  const run = await api(`/runs/${encodeURIComponent(a.runId)}`).then((d) => d.run, () => null);
  return run?.plan?.hash === a.planHash ? run.plan : null;
}

function approvalCard(a, plan, reload) {
  const decide = async (decision) => {
    if (decision === 'deny') {
      const ok = await confirmDialog({ title: 'Deny this approval?', text: `Ticket #${a.ticketId} will be escalated to a person and nothing will be changed.`, confirmLabel: 'Deny', danger: true });
      if (!ok) return;
    }
    try {
      // The decision names the plan shown; a plan that changed since is refused, never approved blind.
      await api(`/approvals/${encodeURIComponent(a.id)}/${decision}`, { method: 'POST', body: { planHash: a.planHash } });
      announce(decision === 'approve' ? `Approved plan ${short(a.planHash, 12)} for ticket #${a.ticketId}. The run acts on exactly this plan.` : `Denied. Ticket #${a.ticketId} goes to a person.`, 'ok');
      await Promise.allSettled([reload(), refreshApprovalCount()]);
    } catch (err) {
      announce(err.status === 409 ? `Not decided: ${err.message}` : err.message, 'error');
      await reload();
    }
  };
  return h('li', { class: 'card approval', 'aria-labelledby': `ap-${a.id}` },
    h('div', { class: 'approval-head' },
      h('h2', { id: `ap-${a.id}` }, `Ticket #${a.ticketId}`, h('span', { class: 'muted' }, ` · ${a.clientId} · ${a.remediationId}`)),
      a.status === 'pending' ? h('span', { class: 'tag tag-warn', title: when(a.expiresAt) }, `expires ${ago(a.expiresAt)}`) : h('span', { class: 'tag' }, `${a.status}${a.decidedBy ? ` by ${a.decidedBy}` : ''}`)),
    h('p', { class: 'plan-summary' }, a.planSummary),
    h('p', {}, h('strong', {}, 'Why a person is needed: '), a.reason),
    a.status === 'pending' && !plan ? h('p', { class: 'notice' }, 'The run’s plan is no longer the one this approval was asked for; approving it will not act on a different plan.') : null,
    plan?.calls ? h('div', { class: 'plan-calls' }, h('strong', {}, 'Exactly what will be sent'), h('ul', { class: 'calls' }, plan.calls.map((c) => h('li', {}, h('code', {}, `${c.method} ${c.url}`), ' ', c.summary)))) : null,
    plan?.targets ? h('p', {}, h('strong', {}, 'Targets: '), plan.targets.map((t) => `${t.type} ${t.id}`).join(', ')) : null,
    h('p', { class: 'muted small' }, `Plan hash ${short(a.planHash, 16)} · asked ${ago(a.createdAt)} · approval ${a.id}`),
    h('div', { class: 'actions' },
      a.status === 'pending' && can('approver') ? [
        h('button', { type: 'button', class: 'primary', onclick: () => decide('approve'), 'aria-label': `Approve plan ${short(a.planHash, 12)} for ticket ${a.ticketId}` }, 'Approve this plan'),
        h('button', { type: 'button', class: 'ghost danger-text', onclick: () => decide('deny') }, 'Deny'),
      ] : null,
      h('a', { class: 'button ghost', href: `#/runs/${encodeURIComponent(a.runId)}` }, 'Open the run')));
}
