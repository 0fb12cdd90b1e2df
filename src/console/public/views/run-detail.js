// One run: its header facts, then the five steps of the loop with the evidence each left.
import { api, ApiError } from '../api.js';
import { badge, h, mount } from '../dom.js';
import { label, short, when } from '../format.js';
import { runLabelCard } from './remediations-run-label.js';

const STEPS = [
  { id: 'detect', title: 'Detect', what: 'The callback was verified and stored.' },
  { id: 'decide', title: 'Decide', what: 'Ticket re-read, client mapped, classified, planned and checked against policy and gates.' },
  { id: 'act', title: 'Act', what: 'The planned change, after recording the prior state.' },
  { id: 'validate', title: 'Validate', what: 'The world read again and compared with the expected state.' },
  { id: 'document', title: 'Document', what: 'Note, status and time entry written back to the PSA.' },
];

/** Which step an audit event belongs to. */
function stepOf(type) {
  if (type === 'received') return 'detect';
  if (type === 'decided' || type === 'skipped' || type === 'duplicate' || type.startsWith('approval.') || type.startsWith('gate.')) return 'decide';
  if (type === 'acting' || type === 'acted' || type === 'dry_run') return 'act';
  if (type === 'validated' || type.startsWith('validation.') || type === 'rolled_back' || type.startsWith('rollback.')) return 'validate';
  return 'document';
}

const BAD = new Set(['validation.failed', 'rollback.failed', 'approval.denied', 'approval.expired', 'approval.voided', 'gate.refused']);

export async function runDetailView(el, { id }) {
  let detail;
  try {
    detail = await api(`/runs/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return void mount(el, h('h1', {}, 'Run not found'), h('p', {}, `There is no run '${id}'. `, h('a', { href: '#/runs' }, 'Back to runs')));
    throw err;
  }
  const { run, audit = [], outbox = [] } = detail;
  // The API groups the evidence by step; an older app only sends the audit trail.
  const byStep = Object.fromEntries(STEPS.map((s) => [s.id, detail.steps?.[s.id]?.events ?? []]));
  if (!detail.steps) for (const e of audit) byStep[stepOf(e.type)].push(e);
  const signal = detail.steps?.detect?.signal ?? null;

  mount(el,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: `#/runs?ticketId=${encodeURIComponent(run.ticketId)}` }, 'Runs'), ' / ', `Ticket #${run.ticketId}`),
    h('div', { class: 'page-head' }, h('h1', {}, `Ticket #${run.ticketId}`, ' ', badge(run.state), run.dryRun ? h('span', { class: 'tag' }, 'dry-run') : null)),
    h('section', { class: 'card facts', 'aria-label': 'Run facts' }, h('dl', { class: 'kv' },
      kv('Run', run.id), kv('PSA', `${run.psa} · ${run.installationId}`), kv('Client', run.clientId ?? '—'), kv('Remediation', run.remediationId ?? '—'),
      kv('Plan', run.plan?.summary ?? '—'), kv('Plan hash', run.plan ? short(run.plan.hash, 16) : '—'),
      kv('Started', when(run.createdAt)), kv('Updated', when(run.updatedAt)),
      run.escalationReason ? kv('Escalated because', label(run.escalationReason)) : null,
      run.detail ? kv('Detail', run.detail) : null,
      run.approvalId ? kv('Approval', run.approvalId) : null)),
    runLabelCard(run.id),
    run.state === 'awaiting_approval' ? h('p', { class: 'notice' }, 'This run waits for a person. ', h('a', { href: '#/approvals' }, 'Open the approvals inbox')) : null,
    h('ol', { class: 'stepper', 'aria-hidden': 'true' }, STEPS.map((s) => {
      const [tone, text] = stepStatus(s, run, byStep[s.id], s.id === 'document' ? outbox : []);
      return h('li', { class: `stepper-${tone}`, title: text }, s.title);
    })),
    h('ol', { class: 'steps', 'aria-label': 'The five steps' }, STEPS.map((s, i) => stepCard(s, i, run, byStep[s.id], s.id === 'document' ? outbox : [], s.id === 'detect' ? signal : null))));
}

function stepStatus(step, run, events, outbox) {
  if (events.some((e) => BAD.has(e.type))) return ['failed', 'Failed'];
  if (step.id === 'decide' && run.state === 'awaiting_approval') return ['waiting', 'Waiting for approval'];
  if (step.id === 'document' && (events.some((e) => e.type === 'escalated'))) return ['escalated', 'Escalated to a person'];
  if (step.id === 'act' && events.some((e) => e.type === 'dry_run')) return ['done', 'Dry-run: nothing changed'];
  if (step.id === 'document' && outbox.some((o) => !o.deliveredAt)) return ['pending', 'Write-back pending'];
  // A run still open has only written an interim note (e.g. "waiting for approval").
  if (step.id === 'document' && !isTerminal(run.state)) return outbox.length ? ['pending', 'Interim note written'] : ['idle', 'Not yet'];
  if (events.length || outbox.length) return ['done', 'Done'];
  return isTerminal(run.state) ? ['skipped', 'Not reached'] : ['idle', 'Not yet'];
}

const isTerminal = (s) => ['resolved', 'escalated', 'rolled_back', 'dry_run', 'duplicate'].includes(s);

function stepCard(step, i, run, events, outbox, signal) {
  const [tone, text] = stepStatus(step, run, events, outbox);
  return h('li', { class: `step step-${tone}`, 'aria-label': `${i + 1}. ${step.title}: ${text}` },
    h('div', { class: 'step-head' },
      h('span', { class: 'step-num', 'aria-hidden': 'true' }, String(i + 1)),
      h('h2', {}, step.title),
      h('span', { class: `step-status status-${tone}` }, text)),
    h('p', { class: 'muted step-what' }, step.what),
    events.length === 0 && outbox.length === 0 ? null : h('div', { class: 'evidence' },
      signal ? signalBlock(signal) : null,
      events.map((e) => eventBlock(e)),
      outbox.length ? h('div', { class: 'event' }, h('div', { class: 'event-head' }, h('strong', {}, 'Write-backs to the PSA')), h('ul', { class: 'outbox' }, outbox.map(outboxItem))) : null));
}

/** What arrived: the sender, the event and, for an RMM alert, what the RMM reported (as text). */
function signalBlock(sig) {
  const a = sig.alert;
  return h('div', { class: 'event' },
    h('div', { class: 'event-head' }, h('strong', {}, 'Signal'), h('span', { class: 'muted' }, ` ${when(sig.receivedAt)} · ${sig.source} ${sig.kind} · ${sig.action}`)),
    h('dl', { class: 'kv compact' },
      kv('Delivery', String(sig.deliveryKey)),
      sig.companyHint ? kv('Company (as sent)', String(sig.companyHint)) : null,
      a ? kv('Alert', `${a.category} · ${a.status} · device ${a.deviceName ?? a.deviceId}${a.serviceName ? ` · service ${a.serviceName}` : ''}`) : null,
      a?.message ? kv('Message', String(a.message)) : null));
}

function eventBlock(e) {
  const fields = evidenceFields(e);
  return h('div', { class: 'event' },
    h('div', { class: 'event-head' }, h('strong', {}, label(e.type)), h('span', { class: 'muted' }, ` ${when(e.at)} · ${e.actor} · audit #${e.seq}`)),
    fields.length ? h('dl', { class: 'kv compact' }, fields) : null,
    h('details', {}, h('summary', {}, 'Raw event'), h('pre', {}, JSON.stringify(e.data, null, 2))));
}

/** The parts of an event a technician reads first; everything else is under "Raw event". */
function evidenceFields(e) {
  const d = e.data ?? {};
  const out = [];
  if (d.classification) out.push(kv('Classified as', `${d.classification.remediationId ?? 'nothing'} (confidence ${Math.round((d.classification.confidence ?? 0) * 100)}%)`), kv('Because', (d.classification.reasons ?? []).join('; ')));
  if (d.summary && e.type === 'decided') out.push(kv('Plan', String(d.summary)));
  if (Array.isArray(d.targets)) out.push(kv('Targets', d.targets.map((t) => `${t.type} ${t.id}`).join(', ')));
  // The calls are shown where they were made (acting) or would have been (dry-run); decided/acted repeat them.
  const calls = e.type === 'acting' ? d.calls : d.wouldSend;
  if (Array.isArray(calls)) out.push(kv(d.wouldSend ? 'Would send' : 'Calls', h('ul', { class: 'calls' }, calls.map((c) => h('li', {}, h('code', {}, `${c.method} ${c.url}`), ' ', c.summary ?? '')))));
  if (d.prior) out.push(kv('Prior state', h('code', {}, compact(d.prior))));
  if (d.validation && e.type !== 'resolved') out.push(kv('Validation', `${d.validation.ok === false ? 'FAILED: ' : ''}${d.validation.message ?? d.validation}`), d.validation.observed ? kv('Observed', h('code', {}, compact(d.validation.observed))) : null);
  if (d.reason) out.push(kv('Reason', Array.isArray(d.reason) ? d.reason.join('; ') : label(d.reason)));
  if (Array.isArray(d.reasons)) out.push(kv('Needs approval because', d.reasons.join('; ')));
  if (d.detail) out.push(kv('Detail', String(d.detail)));
  if (d.approvalId) out.push(kv('Approval', String(d.approvalId)));
  if (d.planHash) out.push(kv('Plan hash', short(d.planHash, 16)));
  if (d.why) out.push(kv('Why', String(d.why)));
  return out.filter(Boolean);
}

const compact = (o) => Object.entries(o).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join('  ');

// A one-time link is for its user only: withheld here even if an answer ever carried one.
const withholdLinks = (text) => text.replace(/\/p\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '/p/[one-time link withheld]');

function outboxItem(o) {
  const p = o.payload ?? {};
  const text = o.kind === 'note' ? (p.text ?? p.preview) : o.kind === 'status' ? `Status: ${p.statusName}` : o.kind === 'time_entry' ? `${p.minutes} min · ${p.notes ?? ''}` : '';
  return h('li', {},
    h('span', { class: `tag ${o.deliveredAt ? 'tag-ok' : 'tag-warn'}` }, o.deliveredAt ? 'delivered' : `pending (${o.attempts} attempt${o.attempts === 1 ? '' : 's'})`), ' ',
    h('strong', {}, label(o.kind)),
    text ? h('pre', { class: 'note-text' }, withholdLinks(String(text))) : null,
    o.lastError ? h('p', { class: 'form-error' }, withholdLinks(o.lastError)) : null);
}

function kv(k, v) {
  return h('div', { class: 'kv-row' }, h('dt', {}, k), h('dd', {}, v));
}
