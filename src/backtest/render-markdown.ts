import type { BacktestReport } from './report.js';
import { OUTCOME_LABEL, OUTCOMES } from './summarise.js';

const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const pct = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((n / of) * 100)}%`);

/** The report as Markdown; `chartFile`, when given, is linked as the chart image. */
export function renderMarkdown(r: BacktestReport, o: { chartFile?: string } = {}): string {
  const s = r.summary;
  const out: string[] = [];
  out.push(`# Backtest: ${cell(r.installationId)} (${cell(r.psa)})`, '');
  out.push(`Tickets changed from ${r.since} to ${r.until}, read from the PSA (read-only) on ${r.generatedAt}.`, '');
  out.push('## Summary', '', '| outcome | tickets | share |', '|---|---:|---:|');
  for (const k of OUTCOMES) out.push(`| ${OUTCOME_LABEL[k]} | ${s.byOutcome[k]} | ${pct(s.byOutcome[k], s.tickets)} |`);
  out.push(`| **All** | **${s.tickets}** | |`, '');
  out.push(`**Projected technician time saved: ${s.hoursSaved} hours** (the automation's own time entries would book ${s.hoursBooked} hours on those tickets).`, '');
  if (o.chartFile) out.push(`![Tickets per day by outcome](${o.chartFile})`, '');
  out.push('## By remediation', '', '| remediation | automated | after approval | escalated | manual min/ticket | time entry min | hours saved |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const x of s.byRemediation) out.push(`| ${cell(x.remediationId)} | ${x.automated} | ${x.approval} | ${x.escalated} | ${x.manualMinutes} | ${x.timeEntryMinutes} | ${x.hoursSaved} |`);
  if (s.byRemediation.length === 0) out.push('| (none) | | | | | | |');
  out.push('', '## What would have escalated, and why', '');
  if (s.escalations.length === 0) out.push('Nothing would have escalated.');
  for (const e of s.escalations) {
    out.push(`- **${cell(e.reason)}**: ${e.count} ticket${e.count === 1 ? '' : 's'}`);
    for (const x of e.examples) out.push(`  - #${cell(x.ticketId)} "${cell(x.summary)}": ${cell(x.detail)}`);
  }
  if (s.candidates.length > 0) {
    out.push('', '## Recognised but not automated yet', '', '| kind (triage) | tickets |', '|---|---:|');
    for (const c of s.candidates) out.push(`| ${cell(c.kind)} | ${c.count} |`);
  }
  out.push('', '## Every ticket', '', '| ticket | summary | client | outcome | why | min saved |', '|---|---|---|---|---|---:|');
  for (const v of r.verdicts) out.push(`| ${cell(v.ticketId)} | ${cell(v.summary)} | ${cell(v.clientId ?? '-')} | ${OUTCOME_LABEL[v.outcome]} | ${cell(v.reason ?? '')} ${cell(v.detail).slice(0, 160)} | ${v.minutesSaved} |`);
  if (r.unreadable.length > 0) {
    out.push('', `## Not readable (${r.unreadable.length})`, '');
    for (const u of r.unreadable) out.push(`- #${cell(u.ticketId)}: ${cell(u.error)}`);
  }
  out.push('', '## Method and estimates', '');
  out.push('- Each ticket goes through the triage and the decide step of the live loop: client mapping from config, each remediation\'s own matching rules, the client\'s policy (enabled, confidence threshold), what the remediation needs, the contact\'s verified domain and the risk class (security and billing need approval).');
  out.push('- Nothing is read from a tenant: a mailbox today says nothing about it then. Plan-specific approvals (a quota above the client\'s ceiling) and refusals (a mailbox that was not full) are therefore not known and count as automated; the projection is an upper bound.');
  out.push(`- Manual handling estimates (minutes per ticket): ${Object.entries(r.estimates.manualMinutes).map(([k, v]) => `${k} ${v}`).join(', ')}; anything else ${r.estimates.defaultManualMinutes}. An approval still costs a person ${r.estimates.approvalReviewMinutes} minutes. Saved time = the manual estimate for each automated ticket, minus the review for each approved one.`);
  out.push('');
  return out.join('\n');
}
