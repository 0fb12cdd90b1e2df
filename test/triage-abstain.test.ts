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

// Written for this test: one per vocabulary family the generalised vetoes cover (none of these words appear in the tickets above).
const FAMILIES = [
  { summary: 'strange voicemail', description: 'A caller claiming to be from the bank asked for my password because my mailbox is full. Should I call back?', code: 'security-report' },
  { summary: 'oops', description: 'I opened that mailbox-full email and typed my password into the page. Please reset my password?', code: 'security-report' },
  { summary: 'Contraseña caducada: ¿es de verdad este correo?', description: 'The sender address is not ours. Sign in here with your password, it says.', code: 'security-report' },
  { summary: 'Maria from Sales to Support', description: 'Take Maria off the sales@ list and the SG-Sales group, and put her on the Support list and the Support share.', code: 'bundle' },
  { summary: 'Zyxel admin page', description: 'Please reset the password of the Zyxel access point admin interface, I am locked out.', code: 'outside-tenant' },
  { summary: 'printer out of ink', description: 'The black cartridge is empty, nobody can print. Can you send a new one?', code: 'outside-tenant' },
  { summary: 'install our accounting management software', description: 'The vendor sent the setup file and a product key, please install it on DESKTOP-5521.', code: 'outside-tenant' },
  { summary: 'Team calendar', description: 'Please add me to the Office 365 group "Regional Sales" so I get the shared calendar.', code: 'not-a-bounded-change' },
  { summary: 'Project folder access', description: 'Please give everyone full control on the Projects folder, it saves time.', code: 'weakens-security' },
  { summary: 'Zugriff für unseren Wirtschaftsprüfer', description: 'Bitte nehmen Sie pruefer@northwind.example in die Sicherheitsgruppe SG-Audit auf.', code: 'other-organisation' },
  { summary: "Service 'MSSQLSERVER' stopped on FAB-SRV-02", description: 'SQL Server service stopped on the database server.', code: 'outside-tenant', source: 'rmm' },
  { summary: 'No emails for anyone since 8am', description: 'Nobody in the office is getting email from outside. Is the mailbox full?', code: 'bundle' },
];

describe('reasons to abstain, by vocabulary family', () => {
  it.each(FAMILIES)('never automates "$summary" ($code)', ({ summary, description, code, source }) => {
    const r = triage({ summary, description, contactEmail: source ? undefined : MEGAN, source });
    expect(autoAct(r)).toBe(false);
    expect(r.abstain?.map((a) => a.code)).toContain(code);
  });

  it('keeps single requests that mention a move, everyone else, or a negated hardware word', () => {
    const single = [
      { summary: 'mailbox full', description: 'Senders get "mailbox full" bounces from my mailbox. Everyone else is fine.' },
      { summary: 'print queue stuck', description: 'Jobs sit in the queue on DESKTOP-4411 and never print. The printer shows no paper jam. Print spooler service stopped?' },
    ];
    for (const t of single) expect(triage({ ...t, contactEmail: MEGAN }).abstain ?? [], t.summary).toEqual([]);
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
