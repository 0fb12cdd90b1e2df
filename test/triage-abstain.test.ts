import { describe, expect, it } from 'vitest';
import { evaluateLabelled, TriageInputError } from '../src/cli/commands-triage.js';
import { autoAct, triage } from '../src/triage/index.js';

const MEGAN = 'megan.bowen@contoso.example';

// Written for this test (not taken from any corpus): each must never be automated.
const NEVER = [
  { summary: 'FW: Action required: your password expires today', description: 'Got this just now, is this real? It wants me to click a link to keep my current password.\n\nFrom: IT Helpdesk <helpdesk@m1crosoft-support.example>\nYour Office 365 password expires today. Click here to keep your password.', code: 'security-report' },
  { summary: 'New starter Monday: Priya Nair', description: 'Please create her account, add her to the sales@ list and the SG-Sales group, and install Zoom and Chrome on LAPTOP-7731.', code: 'bundle' },
  { summary: 'Forgot the admin password of the office firewall', description: 'Nobody knows the admin password for the firewall any more, can you reset it?', code: 'outside-tenant' },
  { summary: 'Password reset for our supplier', description: 'Our external consultant tom.reid@tailspin.example forgot his password, please reset it.', code: 'other-organisation' },
  { summary: 'Please make my password never expire', description: 'I keep forgetting it after every change. Please reset it and set it to never expire.', code: 'weakens-security' },
  { summary: 'Passwort-Ablauf: ist das echt?', description: 'Ich habe eine E-Mail bekommen, dass mein Passwort abläuft. Ist das echt oder Phishing?', code: 'security-report' },
];

describe('reasons to abstain', () => {
  it.each(NEVER)('never automates "$summary" and says why ($code)', ({ summary, description, code }) => {
    const r = triage({ summary, description, contactEmail: MEGAN });
    expect(autoAct(r)).toBe(false);
    expect(r.confidence).toBe(0);
    expect(r.abstain?.map((a) => a.code)).toContain(code);
    expect(r.reasons[0]).toMatch(new RegExp(`^abstain \\(${code}\\)`));
  });

  it('still automates the plain requests next to them', () => {
    for (const summary of ['I forgot my password, please reset it', 'My mailbox is full', 'Please add me to the sales@contoso.example distribution list']) {
      expect(autoAct(triage({ summary, contactEmail: MEGAN })), summary).toBe(true);
    }
  });

  it('keeps the params the engine reads', () => {
    expect(triage({ summary: 'Please add lee.gu@contoso.example to the Sales Team distribution list', contactEmail: MEGAN }).params).toEqual({ action: 'add', group: 'Sales Team', user: 'lee.gu@contoso.example' });
    expect(triage({ summary: "Service 'Spooler' stopped on DESKTOP-4411", source: 'rmm' }).params).toMatchObject({ service: 'Spooler', device: 'DESKTOP-4411', action: 'restart' });
  });
});

describe('triage --eval', () => {
  const labelled = [
    { id: 'X-1', label: 'password-reset', summary: 'I forgot my password, please reset it', contactEmail: MEGAN, source: 'email', style: 'plain', language: 'en' },
    { id: 'X-2', label: null, hard: true, summary: 'Forgot the admin password of the office firewall', description: 'please reset it', contactEmail: MEGAN },
    { id: 'X-3', label: 'mailbox-quota', summary: 'Printer out of toner', contactEmail: MEGAN },
  ];

  it('measures precision, recall, automatic actions, the confusion matrix and the reliability table', () => {
    const r = evaluateLabelled(labelled, 0.9);
    expect(r.overall).toEqual({ automated: 1, correct: 1, precision: 1, recall: 0.5 });
    expect(r.hardAutomated).toEqual([]);
    expect(r.perRemediation.find((p) => p.remediation === 'mailbox-quota')).toMatchObject({ labelled: 1, automated: 0, recall: 0 });
    expect(r.confusion).toEqual({ 'password-reset': { 'password-reset': 1 }, none: { escalate: 1 }, 'mailbox-quota': { escalate: 1 } });
    expect(r.reliability.reduce((n, b) => n + b.tickets, 0)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a file that is not labelled tickets', () => {
    expect(() => evaluateLabelled([{ summary: 'x', label: 'format-disk' }])).toThrow(TriageInputError);
    expect(() => evaluateLabelled([])).toThrow(/labelled tickets/);
  });
});
