import { describe, expect, it } from 'vitest';
import { MATCHERS } from '../remediations/matchers.js';
import { TriageInputError, triageTickets } from '../src/cli/commands-triage.js';
import { autoAct, cleanBody, normalise, REMEDIATION_IDS, triage, triageWithModel } from '../src/triage/index.js';
import type { RemediationId, TriageModelHook } from '../src/triage/index.js';
import { CORPUS } from './triage-corpus.js';

const results = CORPUS.map((c) => ({ c, r: triage(c) }));

describe('triage corpus at the default threshold', () => {
  const rows = REMEDIATION_IDS.map((id) => {
    const acted = results.filter(({ r }) => autoAct(r) && r.remediation === id);
    const correct = acted.filter(({ c }) => c.label === id).length;
    const labelled = results.filter(({ c }) => c.label === id).length;
    return { remediation: id, labelled, autoActed: acted.length, precision: acted.length ? correct / acted.length : 1, recall: labelled ? correct / labelled : 1 };
  });
  const acted = results.filter(({ r }) => autoAct(r));
  const overall = acted.filter(({ c, r }) => c.label === r.remediation).length / acted.length;

  it('is big and varied enough to mean something', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(120);
    expect(CORPUS.filter((c) => c.hard).length).toBeGreaterThanOrEqual(7);
    expect(CORPUS.filter((c) => c.label === null && !c.hard).length).toBeGreaterThanOrEqual(30);
  });

  it('acts automatically only when right (precision >= 0.97), with a modest recall floor', () => {
    // eslint-disable-next-line no-console
    console.log(`\ntriage corpus: ${CORPUS.length} tickets, ${acted.length} auto-acted, overall auto precision ${overall.toFixed(3)}\n` +
      rows.map((r) => `${r.remediation.padEnd(18)} labelled ${String(r.labelled).padStart(3)}  auto ${String(r.autoActed).padStart(3)}  precision ${r.precision.toFixed(2)}  recall ${r.recall.toFixed(2)}`).join('\n'));
    const wrong = acted.filter(({ c, r }) => c.label !== r.remediation).map(({ c, r }) => `${c.summary} -> ${r.remediation} ${r.confidence}`);
    expect(wrong.length / acted.length, wrong.join('\n')).toBeLessThanOrEqual(0.03);
    for (const r of rows) expect(r.recall, r.remediation).toBeGreaterThanOrEqual(0.6);
  });

  it('never auto-acts on a hard negative', () => {
    const bad = results.filter(({ c, r }) => c.hard && autoAct(r)).map(({ c, r }) => `${c.summary} -> ${r.remediation} ${r.confidence}`);
    expect(bad).toEqual([]);
  });
});

describe('triage details', () => {
  it('lists one matcher per remediation, in the id order', () => {
    expect(MATCHERS.map((m) => m.id)).toEqual([...REMEDIATION_IDS]);
  });

  it('normalises typos, accents, forwarded headers and signatures', () => {
    const n = normalise({ summary: 'FW: Pasword', description: 'Hi\n-----Original Message-----\nFrom: Bob <bob@x.example>\nSubject: x\n\nI forgot my pasword\n\nRegards\nBob\nnever share your password bob2@x.example', contactEmail: 'Megan@C.example' });
    expect(n.text).toBe('password\nhi\n\ni forgot my password');
    expect(n.emails).toEqual([]);
    expect(cleanBody('Réinitialiser\n-- \nsig')).toBe('Reinitialiser');
  });

  it('extracts params for on-behalf requests and membership changes', () => {
    expect(triage({ summary: "user lee.gu@contoso.example can't log in, please reset", contactEmail: 'dispatch@msp.example' }).params).toEqual({ user: 'lee.gu@contoso.example' });
    expect(triage({ summary: 'Remove alex.wilber@contoso.example from SG-Projects', contactEmail: 'dispatch@msp.example' }).params).toEqual({ action: 'remove', group: 'SG-Projects', user: 'alex.wilber@contoso.example' });
    expect(triage({ summary: 'Print spooler stopped on PC-0142', description: 'restart the service' }).params).toEqual({ action: 'restart', service: 'Spooler', device: 'PC-0142' });
    expect(triage({ summary: 'Please install Zoom', description: 'on LT-SALES-07' }).params).toMatchObject({ application: 'Zoom', device: 'LT-SALES-07', action: 'add' });
  });

  it('treats "remove Zoom" as a removal (no remediation), not an install', () => {
    const r = triage({ summary: 'Remove Zoom', contactEmail: 'a@contoso.example' });
    expect(r.remediation).toBeNull();
    expect(r.params).toEqual({ action: 'remove' });
    expect(r.reasons.join(' ')).toMatch(/removal is not an install/);
  });

  it('lowers confidence when two remediations match', () => {
    const r = triage({ summary: 'Add me to the Finance group', contactEmail: 'a@contoso.example' });
    expect(r.reasons.join(' ')).toMatch(/ambiguous/);
    expect(autoAct(r)).toBe(false);
  });

  it('autoAct needs a remediation and the threshold', () => {
    // The default is 0.8 on the pessimistic calibration (vetoes assumed to miss 40% of what they caught; docs/triage.md).
    expect(autoAct({ remediation: 'password-reset', confidence: 0.8 })).toBe(true);
    expect(autoAct({ remediation: 'password-reset', confidence: 0.79 })).toBe(false);
    expect(autoAct({ remediation: null, confidence: 1 })).toBe(false);
    expect(autoAct({ remediation: 'password-reset', confidence: 0.85 }, 0.9)).toBe(false);
  });

  it('is deterministic', () => {
    for (const { c, r } of results.slice(0, 20)) expect(triage(c)).toEqual(r);
  });
});

describe('model hook', () => {
  const hook = (remediation: RemediationId | null, confidence: number): TriageModelHook => ({ name: 'fake', suggest: () => ({ remediation, confidence }) });
  const full = { summary: 'My mailbox is full', contactEmail: 'megan@contoso.example' };

  it('is off by default: no hook, rules only', async () => {
    expect(await triageWithModel(full, undefined)).toEqual(triage(full));
  });

  it('agreement raises confidence a little at most', async () => {
    const r = await triageWithModel(full, hook('mailbox-quota', 1));
    expect(r.confidence).toBeLessThanOrEqual(triage(full).confidence + 0.05);
    expect(r.remediation).toBe('mailbox-quota');
  });

  it('a model alone never reaches the default threshold', async () => {
    const r = await triageWithModel({ summary: 'Printer out of toner' }, hook('service-restart', 0.99));
    expect(r.remediation).toBe('service-restart');
    expect(autoAct(r)).toBe(false);
  });

  it('disagreement is an ambiguity; malformed or failing hooks leave the rules', async () => {
    expect(autoAct(await triageWithModel(full, hook('password-reset', 0.95)))).toBe(false);
    expect((await triageWithModel(full, { name: 'bad', suggest: () => ({ remediation: 'format-disk', confidence: 2 }) })).confidence).toBe(triage(full).confidence);
    expect((await triageWithModel(full, { name: 'down', suggest: () => Promise.reject(new Error('x')) })).remediation).toBe('mailbox-quota');
  });
});

describe('triage command', () => {
  it('answers one object for one ticket and an array for an array', () => {
    const one = triageTickets({ summary: 'My mailbox is full', contactEmail: 'megan@contoso.example', source: 'connectwise' });
    expect(one).toMatchObject({ remediation: 'mailbox-quota', autoAct: true });
    const many = triageTickets([{ summary: 'Reset my MFA' }, { summary: 'Forgot my password', description: 'please reset', contactEmail: 'a@contoso.example' }]);
    expect(Array.isArray(many) && many.map((m) => [m.remediation, m.autoAct])).toEqual([[null, false], ['password-reset', true]]);
  });

  it('rejects bad input with a clear error', () => {
    expect(() => triageTickets({ description: 'no summary' })).toThrow(TriageInputError);
    expect(() => triageTickets([])).toThrow(/non-empty array/);
    expect(() => triageTickets('mailbox full')).toThrow(/expected a ticket/);
  });
});
